// netvet/io/netbox_roles.h: NetBox device role -> netvet function.
//
// NetBox roles are free text chosen by each operator ("Router", "core-sw",
// "PDU"); netvet needs one function from its vocabulary per element. A role
// resolves, in this order:
//   1. the user's map (CSV `role,function`), on the role's slug, then name;
//   2. the built-in default table (`builtin_entries()`), slug then name;
//   3. the role's slug or name when it is itself a function word ("olt").
// Keys are compared after `role_key`: lower case, spaces and underscores
// turned into '-', so the name "Access Switch" matches the key
// "access-switch". A role that resolves nowhere is an error naming the role
// (the reader collects them all), never a silent guess.
//
// Immutable once built; safe to share between threads.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "netvet/core/error.h"
#include "netvet/core/file_system.h"
#include "netvet/model/function.h"

namespace netvet::io {

struct role_entry {
  std::string_view role;  // a role_key
  model::function fn;
  std::string_view why;  // one line for the README table
};

class netbox_role_map {
 public:
  // The defaults alone.
  static const netbox_role_map& builtin();
  // The defaults plus a user CSV (`role,function`, header required).
  // Errors name `name`, the line and the field ("role" / "function").
  static result<netbox_role_map> from_csv_text(std::string_view text, std::string_view name);
  static result<netbox_role_map> load_file(file_system& fs, const std::string& path);

  [[nodiscard]] std::optional<model::function> lookup(std::string_view slug, std::string_view name) const;
  [[nodiscard]] std::size_t user_entries() const { return user_.size(); }

  // The built-in table, in documentation order.
  static std::span<const role_entry> builtin_entries();
  // "Access Switch" -> "access-switch".
  static std::string role_key(std::string_view role);

 private:
  std::unordered_map<std::string, model::function> user_;
};

}  // namespace netvet::io
