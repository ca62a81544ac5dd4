// Not written yet: see include/leadscore/visitor_table.hpp.
