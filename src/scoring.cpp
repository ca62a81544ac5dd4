// Not written yet: see include/leadscore/scoring.hpp.
