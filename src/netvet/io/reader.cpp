#include "netvet/io/reader.h"

#include <algorithm>
#include <array>

#include "netvet/core/text.h"
#include "netvet/io/cyclonedx.h"
#include "netvet/io/graphml.h"
#include "netvet/io/import_report.h"
#include "netvet/io/netbox.h"

namespace netvet::io {
namespace {

constexpr std::array<std::string_view, 6> kFormats = {{
#define NETVET_X(name, text) text,
    NETVET_FORMATS(NETVET_X)
#undef NETVET_X
}};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && to_lower_ascii(s.substr(s.size() - suffix.size())) == suffix;
}

// The first up to `n` bytes of a file. Unlike file_system::read_head, a file
// that cannot be opened or read is an error, not an empty head.
result<std::string> head_of(file_system& fs, const std::string& path, std::size_t n) {
  NETVET_ASSIGN_OR_RETURN(auto file, fs.open_sequential(path));
  std::string out(n, '\0');
  std::size_t done = 0;
  while (done < n) {
    NETVET_ASSIGN_OR_RETURN(const std::size_t got, file->read(std::span<char>(out.data() + done, n - done)));
    if (got == 0) {
      break;
    }
    done += got;
  }
  out.resize(done);
  return out;
}

// A folder of saved NetBox API pages?
bool holds_json_pages(file_system& fs, const std::string& dir) {
  const auto names = fs.list_directory(dir);
  return names && std::any_of(names->begin(), names->end(), [](const std::string& n) { return ends_with(n, ".json"); });
}

// The NetBox cable accounting (netbox_stats) as cables linked and not, by reason.
cable_report cables_of(const netbox_stats& st) {
  cable_report r;
  r.cables = st.cables;
  r.linked = st.linked_cables + st.circuit_linked_cables;
  r.links = st.cable_links + st.circuit_links;
  const unlinked_cables reasons[] = {
      {"power", "power cables carry no traffic", st.power_cables},
      {"console", "console cables are management access, not a traffic path", st.console_cables},
      {"circuit_open", "to a circuit open at one end (a provider network or an uncabled termination)",
       st.circuit_open_cables},
      {"not_a_device", "an end on something that is not a device port", st.non_device_cables},
      {"open", "an end on nothing", st.open_cables},
      {"self", "both ends on one device", st.self_cables},
  };
  for (const auto& u : reasons) {
    if (u.cables != 0) {
      r.unlinked.push_back(u);
    }
  }
  return r;
}

imported_network from_netbox(netbox_import&& in, format f) {
  imported_network out{std::move(in.net), {}};
  out.report.source = f;
  out.report.cables = cables_of(in.stats);
  return out;
}

}  // namespace

std::size_t cable_report::not_linked() const {
  std::size_t n = 0;
  for (const auto& u : unlinked) {
    n += u.cables;
  }
  return n;
}

result<imported_network> import_network(const std::string& path, std::optional<format> f, const read_options& options) {
  if (!f) {
    NETVET_ASSIGN_OR_RETURN(f, detect_format(path, options.files()));
  }
  if (*f == format::netbox_dump) {
    NETVET_ASSIGN_OR_RETURN(auto in, import_netbox_dump(path, options));
    return from_netbox(std::move(in), *f);
  }
  if (*f == format::netbox_api) {
    NETVET_ASSIGN_OR_RETURN(auto in, import_netbox_api(path, options));
    return from_netbox(std::move(in), *f);
  }
  if (*f == format::cyclonedx) {
    NETVET_ASSIGN_OR_RETURN(auto in, read_cyclonedx(path, options));
    imported_network out{std::move(in.net), {}};
    out.report.source = *f;
    out.report.notes = std::move(in.notes);
    return out;
  }
  NETVET_ASSIGN_OR_RETURN(auto net, read_network(path, *f, options));
  imported_network out{std::move(net), {}};
  out.report.source = *f;
  return out;
}

std::string_view to_string(format f) { return kFormats[static_cast<std::size_t>(f)]; }
std::optional<format> parse_format(std::string_view s) {
  for (std::size_t i = 0; i < kFormats.size(); ++i) {
    if (kFormats[i] == s) {
      return static_cast<format>(i);
    }
  }
  return std::nullopt;
}

result<format> detect_format(const std::string& path, file_system& fs) {
  NETVET_ASSIGN_OR_RETURN(const file_status st, fs.status_of(path));
  if (!st.exists) {
    return make_error(error_code::not_found, "no such file or directory", location{path});
  }
  if (st.is_directory) {
    const auto elements = fs.status_of(path + "/elements.csv");
    if (elements && elements->exists) {
      return format::csv;
    }
    if (holds_json_pages(fs, path)) {
      return format::netbox_api;
    }
    return make_error(error_code::invalid_input,
                      "the folder has no elements.csv (network CSV) and no NetBox API pages (*.json)", location{path});
  }
  if (ends_with(path, ".graphml") || ends_with(path, ".xml")) {
    return format::graphml;
  }
  if (ends_with(path, ".csv")) {
    return make_error(error_code::invalid_input,
                      "a network CSV is a folder holding elements.csv and links.csv: give the folder", location{path});
  }
  NETVET_ASSIGN_OR_RETURN(const std::string head, head_of(fs, path, 4096));
  std::string_view t = trim(head);
  if (t.starts_with("\xEF\xBB\xBF")) {
    t = trim(t.substr(3));  // a UTF-8 byte-order mark: the JSON or XML follows it
  }
  if (t.empty()) {
    return make_error(error_code::invalid_input, "empty file", location{path});
  }
  if (t.front() == '[') {
    return format::netbox_dump;
  }
  if (t.front() == '{') {
    if (head.find("\"bomFormat\"") != std::string::npos) {
      return format::cyclonedx;
    }
    if (head.find("\"results\"") != std::string::npos || head.find("\"count\"") != std::string::npos) {
      return format::netbox_api;
    }
    return format::json;
  }
  if (t.front() == '<') {
    return format::graphml;
  }
  return make_error(
      error_code::unsupported,
      "cannot tell the format (expected a network CSV folder, netvet JSON, NetBox JSON, CycloneDX JSON or GraphML)",
      location{path});
}

result<model::network> read_network(const std::string& path, const read_options& options) {
  NETVET_ASSIGN_OR_RETURN(const format f, detect_format(path, options.files()));
  return read_network(path, f, options);
}

result<model::network> read_network(const std::string& path, format f, const read_options& options) {
  switch (f) {
    case format::csv:
      return read_network_csv(path, options);
    case format::json:
      return read_network_json(path, options);
    case format::netbox_dump:
      return read_netbox_dump(path, options);
    case format::netbox_api:
      return read_netbox_api(path, options);
    case format::graphml:
      return read_graphml(path, options);
    case format::cyclonedx: {
      NETVET_ASSIGN_OR_RETURN(auto in, read_cyclonedx(path, options));
      return std::move(in.net);
    }
  }
  return make_error(error_code::internal, "unhandled format");
}

format output_format_for(const std::string& out) {
  if (ends_with(out, ".cdx.json")) {
    return format::cyclonedx;
  }
  return ends_with(out, ".json") ? format::json : format::csv;
}

status write_network(const model::network& net, const std::string& out, format f, file_system& fs) {
  switch (f) {
    case format::csv:
      return write_network_csv(net, out, fs);
    case format::json:
      return fs.write_file_atomic(out, write_network_json(net));
    case format::cyclonedx:
      return fs.write_file_atomic(out, write_cyclonedx(net, bom_options{}));
    default:
      return make_error(error_code::unsupported,
                        "netvet writes network CSV (a folder), netvet JSON (*.json) or CycloneDX (*.cdx.json); not " +
                            std::string(to_string(f)),
                        location{out});
  }
}

}  // namespace netvet::io
