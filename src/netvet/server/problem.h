// netvet/server/problem.h: errors as HTTP answers (RFC 9457 problem details).
//
// The server's one table from netvet's error codes (core/error.h) to HTTP
// statuses lives here, beside the CLI's exit statuses in core: core knows no
// HTTP. A request that fails answers `application/problem+json` with
//   type     "https://netvet.dev/problems/<code>" (one per error code)
//   title    the code's description
//   status   http_status(code)
//   detail   the error's message
//   instance the request path, when given
// and netvet's extension members `code`, `request_id` (the X-Request-ID of
// the answer, also in the server's request log) when given and, where known, `location`
// {file, line, column, field} -- for a request body, `field` names the JSON
// member at fault.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "netvet/core/error.h"

namespace netvet::server {

// The HTTP status of each error code. Every code has one (checked at
// compile time by the switch in problem.cpp).
int http_status(error_code code);

// The RFC 9457 body for `e`.
nlohmann::json problem_json(const error& e, std::string_view instance = {}, std::string_view request_id = {});

// The RFC 9457 body for an answer the transport gives itself, before or
// instead of the application (431, 413, 400, 408, 503, 500): `status` as
// given, `code_name` an error code's name (limit_exceeded, invalid_input,
// overloaded, internal; its description is the title) or, for statuses no
// code fits, a name of its own (used as the title as well).
nlohmann::json transport_problem(int status, std::string_view code_name, std::string_view detail,
                                 std::string_view request_id = {});

}  // namespace netvet::server
