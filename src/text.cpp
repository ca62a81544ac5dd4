// Not written yet: see include/leadscore/text.hpp.
