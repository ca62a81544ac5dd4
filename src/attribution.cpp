// Not written yet: see include/leadscore/attribution.hpp.
