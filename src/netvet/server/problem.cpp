#include "netvet/server/problem.h"

namespace netvet::server {

int http_status(error_code code) {
  // -Wswitch (warnings are errors) makes a new code without a status a build failure.
  switch (code) {
    case error_code::invalid_input:
      return 400;  // Bad Request: the body or a parameter is malformed
    case error_code::not_found:
      return 404;
    case error_code::already_exists:
      return 409;  // Conflict
    case error_code::unsupported:
      return 415;  // Unsupported Media Type: a format or feature this server does not read
    case error_code::io_error:
      return 500;
    case error_code::limit_exceeded:
      return 413;  // Content Too Large
    case error_code::policy_error:
      return 422;  // Unprocessable Content: a well-formed pack that contradicts itself
    case error_code::storage_error:
      return 503;  // Service Unavailable: the store failed; nothing was half-written
    case error_code::unauthenticated:
      return 401;  // with WWW-Authenticate: Bearer
    case error_code::forbidden:
      return 403;  // only for objects the caller may see (others are 404)
    case error_code::invalid_state:
      return 409;  // Conflict: e.g. a decision on a draft
    case error_code::log_tampered:
      return 500;  // the server's own record fails to verify
    case error_code::overloaded:
      return 503;  // with Retry-After
    case error_code::internal:
      return 500;
  }
  return 500;
}

nlohmann::json problem_json(const error& e, std::string_view instance, std::string_view request_id) {
  nlohmann::json j = {
      {"type", "https://netvet.dev/problems/" + std::string(to_string(e.code))},
      {"title", std::string(describe(e.code))},
      {"status", http_status(e.code)},
      {"detail", e.message},
      {"code", std::string(to_string(e.code))},
  };
  if (!instance.empty()) {
    j["instance"] = std::string(instance);
  }
  if (!request_id.empty()) {
    j["request_id"] = std::string(request_id);
  }
  const location& w = e.where;
  if (!w.file.empty() || w.line != 0 || !w.field.empty()) {
    nlohmann::json loc = nlohmann::json::object();
    if (!w.file.empty()) {
      loc["file"] = w.file;
    }
    if (w.line != 0) {
      loc["line"] = w.line;
    }
    if (w.column != 0) {
      loc["column"] = w.column;
    }
    if (!w.field.empty()) {
      loc["field"] = w.field;
    }
    j["location"] = std::move(loc);
  }
  return j;
}

nlohmann::json transport_problem(int status, std::string_view code_name, std::string_view detail,
                                 std::string_view request_id) {
  const std::optional<error_code> code = parse_error_code(code_name);
  const std::string title = code ? std::string(describe(*code)) : std::string(code_name);
  nlohmann::json j = {
      {"type", "https://netvet.dev/problems/" + std::string(code_name)},
      {"title", title},
      {"status", status},
      {"detail", std::string(detail)},
      {"code", std::string(code_name)},
  };
  if (!request_id.empty()) {
    j["request_id"] = std::string(request_id);
  }
  return j;
}

}  // namespace netvet::server
