// Not written yet: see include/leadscore/url.hpp.
