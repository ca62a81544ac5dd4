// Not written yet: see include/leadscore/stages.hpp.
