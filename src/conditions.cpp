// Not written yet: see include/leadscore/conditions.hpp.
