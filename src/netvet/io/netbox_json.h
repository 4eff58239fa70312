// Private to the NetBox readers: non-throwing accessors on nlohmann::json
// values whose shape comes from a user's file.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "netvet/core/error.h"
#include "netvet/core/text.h"
#include "netvet/io/json_internal.h"
#include "netvet/model/network.h"

namespace netvet::io::netbox_detail {

using json = nlohmann::json;

inline const json* member(const json& o, std::string_view key) {
  if (!o.is_object()) {
    return nullptr;
  }
  const auto it = o.find(key);
  return it == o.end() || it->is_null() ? nullptr : &*it;
}

// A string member; numbers are printed; anything else is "".
inline std::string str_of(const json& o, std::string_view key) {
  const json* v = member(o, key);
  if (v == nullptr) {
    return {};
  }
  if (v->is_string()) {
    return v->get<std::string>();
  }
  if (v->is_number_integer()) {
    return std::to_string(v->get<std::int64_t>());
  }
  return {};
}

// An integer id: a number, a numeric string, or an object's "id"; -1 if none.
inline std::int64_t id_value(const json& v) {
  if (v.is_number_integer()) {
    return v.get<std::int64_t>();
  }
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    std::int64_t out = -1;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && p == s.data() + s.size() ? out : -1;
  }
  if (v.is_object()) {
    const json* id = member(v, "id");
    return id != nullptr && id->is_number_integer() ? id->get<std::int64_t>() : -1;
  }
  return -1;
}

inline std::int64_t id_of(const json& o, std::string_view key) {
  const json* v = member(o, key);
  return v == nullptr ? -1 : id_value(*v);
}

// A decimal member (NetBox writes decimals as strings in dumpdata).
inline double num_of(const json& o, std::string_view key) {
  const json* v = member(o, key);
  if (v == nullptr) {
    return model::kNoValue;
  }
  if (v->is_number()) {
    return v->get<double>();
  }
  if (v->is_string()) {
    const auto s = trim(v->get_ref<const std::string&>());
    double d = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    return ec == std::errc{} && p == s.data() + s.size() ? d : model::kNoValue;
  }
  return model::kNoValue;
}

inline result<json> parse_json(std::string_view text, std::string_view name) {
  return detail::parse_json_text(text, name);
}

}  // namespace netvet::io::netbox_detail
