// The server's table of HTTP statuses and its RFC 9457 bodies.
#include "netvet/server/problem.h"

#include <gtest/gtest.h>

namespace netvet::server {
namespace {

TEST(Problem, EveryCodeHasAnHttpStatus) {
  for (const auto code : all_error_codes()) {
    const int s = http_status(code);
    EXPECT_GE(s, 400) << to_string(code);
    EXPECT_LT(s, 600) << to_string(code);
  }
  // What a client can fix is 4xx; what the server failed at is 5xx.
  EXPECT_EQ(http_status(error_code::invalid_input), 400);
  EXPECT_EQ(http_status(error_code::not_found), 404);
  EXPECT_EQ(http_status(error_code::already_exists), 409);
  EXPECT_EQ(http_status(error_code::limit_exceeded), 413);
  EXPECT_EQ(http_status(error_code::policy_error), 422);
  EXPECT_EQ(http_status(error_code::internal), 500);
}

TEST(Problem, BodyNamesTheFieldAtFault) {
  const auto e = make_error(error_code::invalid_input, "cannot parse date 'x'", location{"", 0, 0, "as_of"});
  const auto j = problem_json(e, "/api/v1/assessments");
  EXPECT_EQ(j["type"], "https://netvet.dev/problems/invalid_input");
  EXPECT_EQ(j["status"], 400);
  EXPECT_EQ(j["detail"], "cannot parse date 'x'");
  EXPECT_EQ(j["instance"], "/api/v1/assessments");
  EXPECT_EQ(j["location"]["field"], "as_of");
  EXPECT_FALSE(j["location"].contains("line"));
  const auto bare = problem_json(make_error(error_code::internal, "boom"));
  EXPECT_FALSE(bare.contains("location"));
  EXPECT_FALSE(bare.contains("instance"));
}

TEST(Problem, TransportProblemKeepsItsStatus) {
  // 431 is limit_exceeded, whose own row is 413: the transport's status wins.
  const auto j = transport_problem(431, "limit_exceeded", "the request header is over 8192 bytes");
  EXPECT_EQ(j["type"], "https://netvet.dev/problems/limit_exceeded");
  EXPECT_EQ(j["title"], std::string(describe(error_code::limit_exceeded)));
  EXPECT_EQ(j["status"], 431);
  EXPECT_EQ(j["code"], "limit_exceeded");
  EXPECT_EQ(j["detail"], "the request header is over 8192 bytes");
  // A name that is no error code is its own title.
  EXPECT_EQ(transport_problem(408, "request_timeout", "too slow")["title"], "request_timeout");
}

}  // namespace
}  // namespace netvet::server
