// Not written yet: see include/leadscore/standing.hpp.
