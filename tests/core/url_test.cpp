#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(url_test)
BOOST_AUTO_TEST_SUITE_END()
