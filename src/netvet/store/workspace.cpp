// Backend-independent parts of the workspace: opening by uri, timestamps,
// the content hash.
#include "netvet/store/workspace.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "netvet/store/sqlite_workspace.h"
#include "netvet/store/workspace_internal.h"

namespace netvet::store {
namespace {

std::uint64_t double_bits(double v) {
  // Every NaN is "no value": hash one pattern for all of them.
  return std::isnan(v) ? 0x7ff8000000000000ULL : std::bit_cast<std::uint64_t>(v);
}

// "postgres" of "postgres://host/db"; empty when `uri` has no scheme followed
// by "://" (a plain path, even one with a colon in it).
std::string_view scheme_of(std::string_view uri) {
  const auto end = uri.find("://");
  if (end == std::string_view::npos || end == 0) {
    return {};
  }
  const std::string_view scheme = uri.substr(0, end);
  const auto is_scheme_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' ||
           c == '.';
  };
  return std::all_of(scheme.begin(), scheme.end(), is_scheme_char) ? scheme : std::string_view{};
}

// The file of "sqlite:PATH" or "file:PATH" (`rest` is what follows the
// colon); "//localhost/PATH" and "///PATH" (RFC 8089) name a local file too.
result<std::string> local_path_of(std::string_view uri, std::string_view rest) {
  if (rest.substr(0, 2) != "//") {
    return std::string(rest);
  }
  rest.remove_prefix(2);
  const auto slash = rest.find('/');
  const std::string_view host = rest.substr(0, slash);
  if (slash == std::string_view::npos || (!host.empty() && host != "localhost")) {
    return make_error(error_code::invalid_input, "a SQLite workspace is a local file: give sqlite:PATH or a path",
                      location{std::string(uri)});
  }
  return std::string(rest.substr(slash));
}

bool parse_int(std::string_view s, int& out) {
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}

}  // namespace

result<std::string> sqlite_path_of(std::string_view uri) {
  for (const std::string_view prefix : {"sqlite:", "file:"}) {
    if (uri.substr(0, prefix.size()) == prefix) {
      return local_path_of(uri, uri.substr(prefix.size()));
    }
  }
  const std::string_view scheme = scheme_of(uri);
  if (scheme == "postgresql" || scheme == "postgres") {
    return make_error(error_code::unsupported,
                      "this netvet was built without PostgreSQL: give a SQLite workspace (sqlite:PATH or a path)",
                      location{std::string(uri)});
  }
  if (!scheme.empty()) {
    return make_error(error_code::invalid_input,
                      "unknown workspace scheme '" + std::string(scheme) + "': give sqlite:PATH or a path",
                      location{std::string(uri)});
  }
  return std::string(uri);
}

result<std::unique_ptr<workspace>> open_workspace(std::string_view uri, const open_options& options) {
  sqlite_options sqlite;
  static_cast<open_options&>(sqlite) = options;
  NETVET_ASSIGN_OR_RETURN(const std::string path, sqlite_path_of(uri));
  return make_sqlite_workspace(path, sqlite);
}

std::string content_hasher::hex() const {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h_));
  return buf;
}

void hash_header(content_hasher& h, const model::network& net) {
  std::uint64_t cols = 0;
  for (std::size_t c = 0; c < model::kElementColumnCount; ++c) {
    cols |= static_cast<std::uint64_t>(net.has_column(static_cast<model::element_column>(c))) << c;
  }
  cols |= static_cast<std::uint64_t>(net.has_column(model::link_column::medium)) << 32;
  cols |= static_cast<std::uint64_t>(net.has_column(model::link_column::capacity_gbps)) << 33;
  h.number(cols);
  for (const auto& n : net.element_attribute_names()) {
    h.field(n);
  }
  h.end_record();
  for (const auto& n : net.link_attribute_names()) {
    h.field(n);
  }
  h.end_record();
}

void hash_element(content_hasher& h, const model::network& net, model::element_index e) {
  h.field(net.id(e));
  h.field(model::to_string(net.fn(e)));
  h.field(net.vendor_spelling_of(e));
  h.field(net.model(e));
  h.field(net.software(e));
  h.field(net.site(e));
  h.field(net.region(e));
  h.number(double_bits(net.lat(e)));
  h.number(double_bits(net.lon(e)));
  h.number(net.subscribers(e));
  const auto d = net.installed(e);
  h.number(d ? static_cast<std::uint64_t>(static_cast<std::int64_t>(d->days)) : 0x8000000000000000ULL);
  h.field(net.managed_by(e));
  h.field(model::to_string(net.status(e)));
  if (net.has_column(model::element_column::generation)) {  // the header says so: old snapshots keep their hashes
    h.field(model::to_string(net.stated_generations(e)));
  }
  for (std::size_t a = 0; a < net.element_attribute_names().size(); ++a) {
    h.field(net.element_attribute(a, e).view());  // the text lives to the end of the statement
  }
  h.end_record();
}

void hash_link(content_hasher& h, const model::network& net, model::link_index l) {
  h.number(net.link_a(l));
  h.number(net.link_b(l));
  h.field(model::to_string(net.medium(l)));
  h.number(double_bits(net.capacity_gbps(l)));
  for (std::size_t a = 0; a < net.link_attribute_names().size(); ++a) {
    h.field(net.link_attribute(a, l).view());
  }
  h.end_record();
}

std::string content_hash(const model::network& net) {
  content_hasher h;
  hash_header(h, net);
  for (model::element_index e = 0; e < net.element_count(); ++e) {
    hash_element(h, net, e);
  }
  for (model::link_index l = 0; l < net.link_count(); ++l) {
    hash_link(h, net, l);
  }
  return h.hex();
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (u < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", u);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

std::string format_timestamp(timestamp t) {
  std::int64_t days = t.unix_seconds / 86400;
  std::int64_t secs = t.unix_seconds % 86400;
  if (secs < 0) {
    secs += 86400;
    --days;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02dZ", static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                static_cast<int>(secs % 60));
  return format_date(date{static_cast<std::int32_t>(days)}) + buf;
}

std::optional<timestamp> parse_timestamp(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SSZ
  if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z') {
    return std::nullopt;
  }
  const auto d = parse_date(text.substr(0, 10));
  int hh = 0;
  int mm = 0;
  int ss = 0;
  if (!d || !parse_int(text.substr(11, 2), hh) || !parse_int(text.substr(14, 2), mm) ||
      !parse_int(text.substr(17, 2), ss) || hh > 23 || mm > 59 || ss > 60 || hh < 0 || mm < 0 || ss < 0) {
    return std::nullopt;
  }
  return timestamp{static_cast<std::int64_t>(d->days) * 86400 + hh * 3600 + mm * 60 + ss};
}

}  // namespace netvet::store
