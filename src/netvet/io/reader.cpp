#include "netvet/io/reader.h"

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "netvet/core/text.h"
#include "netvet/io/graphml.h"
#include "netvet/io/netbox.h"

namespace netvet::io {
namespace {

constexpr std::array<std::string_view, 5> kFormats = {{
#define NETVET_X(name, text) text,
    NETVET_FORMATS(NETVET_X)
#undef NETVET_X
}};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && to_lower_ascii(s.substr(s.size() - suffix.size())) == suffix;
}

// First non-space bytes of a file (to tell JSON shapes apart).
std::string head_of(const std::string& path, std::size_t n) {
  std::ifstream in(path, std::ios::binary);
  std::string buf(n, '\0');
  in.read(buf.data(), static_cast<std::streamsize>(n));
  buf.resize(static_cast<std::size_t>(in.gcount()));
  return buf;
}

}  // namespace

std::string_view to_string(format f) { return kFormats[static_cast<std::size_t>(f)]; }
std::optional<format> parse_format(std::string_view s) {
  for (std::size_t i = 0; i < kFormats.size(); ++i) {
    if (kFormats[i] == s) {
      return static_cast<format>(i);
    }
  }
  return std::nullopt;
}

result<format> detect_format(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return make_error(error_code::not_found, "no such file or directory", location{path});
  }
  if (S_ISDIR(st.st_mode)) {
    struct stat es {};
    if (::stat((path + "/elements.csv").c_str(), &es) == 0) {
      return format::csv;
    }
    // A folder of saved NetBox API pages?
    DIR* d = ::opendir(path.c_str());
    bool json_pages = false;
    if (d != nullptr) {
      while (dirent* ent = ::readdir(d)) {
        if (ends_with(ent->d_name, ".json")) {
          json_pages = true;
        }
      }
      ::closedir(d);
    }
    if (json_pages) {
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
  const std::string head = head_of(path, 4096);
  const auto t = trim(head);
  if (t.empty()) {
    return make_error(error_code::invalid_input, "empty file", location{path});
  }
  if (t.front() == '[') {
    return format::netbox_dump;
  }
  if (t.front() == '{') {
    if (head.find("\"results\"") != std::string::npos || head.find("\"count\"") != std::string::npos) {
      return format::netbox_api;
    }
    return format::json;
  }
  if (t.front() == '<') {
    return format::graphml;
  }
  return make_error(error_code::unsupported,
                    "cannot tell the format (expected a network CSV folder, netvet JSON, NetBox JSON or GraphML)",
                    location{path});
}

result<model::network> read_network(const std::string& path, const read_options& options) {
  auto f = detect_format(path);
  if (!f) {
    return f.take_error();
  }
  return read_network(path, *f, options);
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
  }
  return make_error(error_code::internal, "unhandled format");
}

format output_format_for(const std::string& out) { return ends_with(out, ".json") ? format::json : format::csv; }

status write_network(const model::network& net, const std::string& out, format f) {
  switch (f) {
    case format::csv:
      return write_network_csv(net, out);
    case format::json:
      return write_file_atomic(out, write_network_json(net));
    default:
      return make_error(
          error_code::unsupported,
          "netvet writes network CSV (a folder) or netvet JSON (*.json); not " + std::string(to_string(f)),
          location{out});
  }
}

status write_file_atomic(const std::string& path, std::string_view text) {
  const std::string tmp = path + ".tmp-netvet";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return make_error(error_code::io_error, std::string("cannot write: ") + std::strerror(errno), location{path});
  }
  std::size_t off = 0;
  while (off < text.size()) {
    const ssize_t n = ::write(fd, text.data() + off, text.size() - off);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      const int e = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return make_error(error_code::io_error, std::string("write failed: ") + std::strerror(e), location{path});
    }
    off += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
    const int e = errno;
    ::unlink(tmp.c_str());
    return make_error(error_code::io_error, std::string("cannot write: ") + std::strerror(e), location{path});
  }
  return {};
}

result<std::string> read_file(const std::string& path, std::size_t max_bytes) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return make_error(error_code::not_found, "no such file", location{path});
  }
  if (S_ISDIR(st.st_mode)) {
    return make_error(error_code::invalid_input, "is a folder, expected a file", location{path});
  }
  if (static_cast<std::size_t>(st.st_size) > max_bytes) {
    return make_error(error_code::limit_exceeded,
                      "file is larger than the limit of " + std::to_string(max_bytes) + " bytes", location{path});
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return make_error(error_code::io_error, "cannot open", location{path});
  }
  std::string out(static_cast<std::size_t>(st.st_size), '\0');
  in.read(out.data(), static_cast<std::streamsize>(out.size()));
  out.resize(static_cast<std::size_t>(in.gcount()));
  return out;
}

}  // namespace netvet::io
