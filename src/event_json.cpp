// Not written yet: see include/leadscore/event_json.hpp.
