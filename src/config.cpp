// Not written yet: see include/leadscore/config.hpp.
