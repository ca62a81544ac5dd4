#define BOOST_TEST_MODULE leadscore
#include <boost/test/unit_test.hpp>
