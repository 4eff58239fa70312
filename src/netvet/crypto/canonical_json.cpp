#include "netvet/crypto/canonical_json.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "netvet/core/text.h"

namespace netvet::crypto {
namespace {

constexpr int kMaxDepth = 64;

// UTF-16 code units of valid UTF-8 `s` (RFC 8785 sorts keys by them).
std::u16string utf16(std::string_view s) {
  std::u16string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? b : n == 2 ? (b & 0x1FU) : n == 3 ? (b & 0x0FU) : (b & 0x07U);
    for (std::size_t k = 1; k < n && i + k < s.size(); ++k) {
      cp = (cp << 6U) | (static_cast<unsigned char>(s[i + k]) & 0x3FU);
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out += static_cast<char16_t>(0xD800 + (cp >> 10U));
      out += static_cast<char16_t>(0xDC00 + (cp & 0x3FFU));
    } else {
      out += static_cast<char16_t>(cp);
    }
    i += n;
  }
  return out;
}

class writer {
 public:
  status value(const nlohmann::json& v, const std::string& path, int depth) {
    if (depth > kMaxDepth) {
      return make_error(error_code::limit_exceeded, "nested deeper than 64", location{"", 0, 0, path});
    }
    switch (v.type()) {
      case nlohmann::json::value_t::object:
        return object(v, path, depth);
      case nlohmann::json::value_t::array:
        return array(v, path, depth);
      case nlohmann::json::value_t::string:
        return string(v.get_ref<const std::string&>(), path);
      case nlohmann::json::value_t::number_integer:
        out_ += std::to_string(v.get<std::int64_t>());
        return {};
      case nlohmann::json::value_t::number_unsigned:
        out_ += std::to_string(v.get<std::uint64_t>());
        return {};
      case nlohmann::json::value_t::boolean:
        out_ += v.get<bool>() ? "true" : "false";
        return {};
      case nlohmann::json::value_t::null:
        out_ += "null";
        return {};
      default:
        return make_error(error_code::invalid_input, "not an integer: the record holds whole numbers only",
                          location{"", 0, 0, path});
    }
  }
  std::string take() { return std::move(out_); }

 private:
  status object(const nlohmann::json& v, const std::string& path, int depth) {
    std::vector<std::pair<std::u16string, const std::string*>> keys;
    for (const auto& [k, _] : v.items()) {
      if (find_invalid_utf8(k)) {
        return make_error(error_code::invalid_input, "a key is not UTF-8", location{"", 0, 0, path});
      }
      keys.emplace_back(utf16(k), &k);
    }
    std::sort(keys.begin(), keys.end());
    out_ += '{';
    for (std::size_t i = 0; i < keys.size(); ++i) {
      out_ += i == 0 ? "" : ",";
      const std::string& k = *keys[i].second;
      NETVET_TRY(string(k, path));
      out_ += ':';
      NETVET_TRY(value(v.at(k), path + "." + k, depth + 1));
    }
    out_ += '}';
    return {};
  }
  status array(const nlohmann::json& v, const std::string& path, int depth) {
    out_ += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      out_ += i == 0 ? "" : ",";
      NETVET_TRY(value(v[i], path + "[" + std::to_string(i) + "]", depth + 1));
    }
    out_ += ']';
    return {};
  }
  status string(const std::string& s, const std::string& path) {
    if (find_invalid_utf8(s)) {
      return make_error(error_code::invalid_input, "a string is not UTF-8", location{"", 0, 0, path});
    }
    static constexpr std::string_view kHex = "0123456789abcdef";
    out_ += '"';
    for (const char c : s) {
      const auto u = static_cast<unsigned char>(c);
      switch (c) {
        case '"':
          out_ += "\\\"";
          break;
        case '\\':
          out_ += "\\\\";
          break;
        case '\b':
          out_ += "\\b";
          break;
        case '\f':
          out_ += "\\f";
          break;
        case '\n':
          out_ += "\\n";
          break;
        case '\r':
          out_ += "\\r";
          break;
        case '\t':
          out_ += "\\t";
          break;
        default:
          if (u < 0x20) {
            out_ += "\\u00";
            out_ += kHex[u >> 4U];
            out_ += kHex[u & 0x0FU];
          } else {
            out_ += c;
          }
      }
    }
    out_ += '"';
    return {};
  }

  std::string out_;
};

}  // namespace

result<std::string> canonical_json(const nlohmann::json& value) {
  writer w;
  NETVET_TRY(w.value(value, "$", 0));
  return w.take();
}

}  // namespace netvet::crypto
