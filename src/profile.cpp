// Not written yet: see include/leadscore/profile.hpp.
