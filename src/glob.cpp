// Not written yet: see include/leadscore/glob.hpp.
