#include "netvet/core/error.h"

#include <array>

namespace netvet {
namespace {

struct code_info {
  std::string_view name;
  int status;
  std::string_view description;
};

constexpr std::array<code_info, kErrorCodeCount> kCodes = {{
#define NETVET_X(name, status, desc) {#name, status, desc},
    NETVET_ERROR_CODES(NETVET_X)
#undef NETVET_X
}};

}  // namespace

std::string_view to_string(error_code code) { return kCodes.at(static_cast<std::size_t>(code)).name; }
std::string_view describe(error_code code) { return kCodes.at(static_cast<std::size_t>(code)).description; }
int exit_status(error_code code) { return kCodes.at(static_cast<std::size_t>(code)).status; }
std::optional<error_code> parse_error_code(std::string_view name) {
  for (std::size_t i = 0; i < kCodes.size(); ++i) {
    if (kCodes[i].name == name) {
      return static_cast<error_code>(i);
    }
  }
  return std::nullopt;
}
const std::vector<error_code>& all_error_codes() {
  static const std::vector<error_code> kAll = [] {
    std::vector<error_code> v;
    for (std::size_t i = 0; i < kCodes.size(); ++i) {
      v.push_back(static_cast<error_code>(i));
    }
    return v;
  }();
  return kAll;
}

std::string error::to_string() const {
  std::string out;
  if (!where.file.empty()) {
    out += where.file;
    if (where.line != 0) {
      out += ':' + std::to_string(where.line);
      if (where.column != 0) {
        out += ':' + std::to_string(where.column);
      }
    }
    out += ": ";
  } else if (where.line != 0) {
    out += "line " + std::to_string(where.line) + ": ";
  }
  if (!where.field.empty()) {
    out += "field '" + where.field + "': ";
  }
  out += message;
  return out;
}

error make_error(error_code code, std::string message, location where) {
  return error{code, std::move(message), std::move(where)};
}

void diagnostics::add(error e) {
  ++total_;
  // The first error is always kept, even with a cap of 0 (--max-errors 0):
  // combined() needs one to report.
  if (kept_.size() < cap_ || kept_.empty()) {
    kept_.push_back(std::move(e));
  }
}

error diagnostics::combined() const {
  if (kept_.empty()) {
    return make_error(error_code::internal, "no diagnostics");
  }
  error out = kept_.front();
  if (total_ == 1) {
    return out;
  }
  std::string msg = std::to_string(total_) + " errors:";
  for (const auto& e : kept_) {
    msg += "\n  " + e.to_string();
  }
  if (omitted() > 0) {
    msg += "\n  and " + std::to_string(omitted()) + " more";
  }
  out.message = std::move(msg);
  out.where = {};
  return out;
}

}  // namespace netvet
