// netvet/server/multipart.cpp: see multipart.h.
#include "netvet/server/multipart.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "netvet/core/text.h"

namespace netvet::server {

namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::size_t kMaxBoundary = 70;  // RFC 2046 §5.1.1

error body_error(std::string message, std::size_t offset) {
  return make_error(error_code::invalid_input, "multipart body at byte " + std::to_string(offset) + ": " + message,
                    location{"", 0, 0, "body"});
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// A parameter value: a token, or a quoted string with \-escapes.
std::string unquote(std::string_view v) {
  v = trim(v);
  if (v.size() < 2 || v.front() != '"' || v.back() != '"') {
    return std::string(v);
  }
  std::string out;
  for (std::size_t i = 1; i + 1 < v.size(); ++i) {
    if (v[i] == '\\' && i + 2 < v.size()) {
      ++i;
    }
    out += v[i];
  }
  return out;
}

// Splits "type; a=b; c=\"d\"" into its type and parameters (names lower-cased).
std::pair<std::string, std::vector<std::pair<std::string, std::string>>> split_params(std::string_view value) {
  std::vector<std::pair<std::string, std::string>> params;
  std::string type;
  bool first = true;
  bool quoted = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= value.size(); ++i) {
    if (i < value.size() && value[i] == '"' && (i == 0 || value[i - 1] != '\\')) {
      quoted = !quoted;
    }
    if (i < value.size() && (value[i] != ';' || quoted)) {
      continue;
    }
    const std::string_view piece = trim(value.substr(start, i - start));
    start = i + 1;
    if (first) {
      type = to_lower_ascii(piece);
      first = false;
      continue;
    }
    const auto eq = piece.find('=');
    if (eq != std::string_view::npos) {
      params.emplace_back(to_lower_ascii(trim(piece.substr(0, eq))), unquote(piece.substr(eq + 1)));
    }
  }
  return {type, params};
}

// Reads one part's header block (lines up to an empty line) into `part`.
status read_part_headers(std::string_view block, std::size_t offset, form_part& part) {
  bool disposition = false;
  while (!block.empty()) {
    const auto eol = block.find(kCrlf);
    const std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view{} : block.substr(eol + 2);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      return body_error("a part's header line has no ':'", offset);
    }
    const std::string name = to_lower_ascii(trim(line.substr(0, colon)));
    const std::string_view value = trim(line.substr(colon + 1));
    if (name == "content-type") {
      part.content_type = std::string(value);
    } else if (name == "content-disposition") {
      const auto [type, params] = split_params(value);
      if (type != "form-data") {
        return body_error("a part's Content-Disposition is '" + type + "', not form-data", offset);
      }
      for (const auto& [k, v] : params) {
        if (k == "name") {
          part.name = v;
          disposition = true;
        } else if (k == "filename") {
          part.filename = v;
        }
      }
    }
  }
  if (!disposition || part.name.empty()) {
    return body_error("a part has no Content-Disposition name", offset);
  }
  return {};
}

// After a delimiter at `pos`: true when it closes the body ("--"); otherwise
// skips transport padding and the CRLF and moves `pos` to the part's headers.
result<bool> after_delimiter(std::string_view body, std::size_t& pos) {
  if (body.substr(pos, 2) == "--") {
    return true;
  }
  while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) {
    ++pos;
  }
  if (body.substr(pos, 2) != kCrlf) {
    return body_error("a boundary line is not followed by CRLF", pos);
  }
  pos += 2;
  return false;
}

}  // namespace

result<std::string> multipart_boundary(std::string_view content_type) {
  const auto [type, params] = split_params(content_type);
  if (type != "multipart/form-data") {
    return make_error(error_code::unsupported, "expected multipart/form-data, not '" + type + "'",
                      location{"", 0, 0, "Content-Type"});
  }
  for (const auto& [k, v] : params) {
    if (k != "boundary") {
      continue;
    }
    const bool printable = std::all_of(v.begin(), v.end(), [](char ch) { return ch >= 0x20 && ch < 0x7f; });
    if (v.empty() || v.size() > kMaxBoundary || !printable || v.back() == ' ') {
      return make_error(error_code::invalid_input, "the multipart boundary must be 1 to 70 printable characters",
                        location{"", 0, 0, "Content-Type"});
    }
    return v;
  }
  return make_error(error_code::invalid_input, "multipart/form-data without a boundary parameter",
                    location{"", 0, 0, "Content-Type"});
}

namespace {

using searcher = std::boyer_moore_horspool_searcher<std::string::const_iterator>;

// Where the bytes after the first "--boundary" begin (a preamble before it is skipped).
result<std::size_t> after_opening(std::string_view body, const std::string& dash, const std::string& delimiter,
                                  const searcher& search) {
  if (body.substr(0, dash.size()) == dash) {
    return dash.size();
  }
  const auto found = std::search(body.begin(), body.end(), search);
  if (found == body.end()) {
    return body_error("no opening boundary", 0);
  }
  return static_cast<std::size_t>(found - body.begin()) + delimiter.size();
}

// One part whose header block begins at `pos`; `pos` moves past its closing delimiter.
result<form_part> read_part(std::string_view body, std::size_t& pos, std::size_t delimiter_size,
                            const searcher& search) {
  const auto head_end = body.substr(pos, kMaxPartHeaderBytes + 4).find("\r\n\r\n");
  const bool empty_head = body.substr(pos, 2) == kCrlf;
  if (!empty_head && head_end == std::string_view::npos) {
    return body_error("a part's header block is unterminated or over " + std::to_string(kMaxPartHeaderBytes) + " bytes",
                      pos);
  }
  form_part part;
  NETVET_TRY(read_part_headers(empty_head ? std::string_view{} : body.substr(pos, head_end), pos, part));
  const std::size_t data = empty_head ? pos + 2 : pos + head_end + 4;
  const auto next = std::search(body.begin() + static_cast<std::ptrdiff_t>(data), body.end(), search);
  if (next == body.end()) {
    return body_error("the body ends before the closing boundary", data);
  }
  const auto end = static_cast<std::size_t>(next - body.begin());
  part.data = body.substr(data, end - data);
  pos = end + delimiter_size;
  return part;
}

}  // namespace

result<std::vector<form_part>> parse_multipart(std::string_view body, std::string_view boundary) {
  const std::string dash = "--" + std::string(boundary);
  const std::string delimiter = std::string(kCrlf) + dash;
  const searcher search(delimiter.begin(), delimiter.end());
  NETVET_ASSIGN_OR_RETURN(std::size_t pos, after_opening(body, dash, delimiter, search));
  std::vector<form_part> parts;
  for (;;) {
    NETVET_ASSIGN_OR_RETURN(const bool closed, after_delimiter(body, pos));
    if (closed) {
      break;
    }
    if (parts.size() == kMaxParts) {
      return body_error("more than " + std::to_string(kMaxParts) + " parts", pos);
    }
    NETVET_ASSIGN_OR_RETURN(auto part, read_part(body, pos, delimiter.size(), search));
    parts.push_back(std::move(part));
  }
  if (parts.empty()) {
    return body_error("no parts", pos);
  }
  return parts;
}

}  // namespace netvet::server
