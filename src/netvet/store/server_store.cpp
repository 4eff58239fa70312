// The backend-neutral half of the server store: names of kinds, roles and
// states, the one table of what each role may do, checkpoints as JSON, and
// the signing key file.
#include "netvet/store/server_store.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <libgen.h>
#include <sys/stat.h>
#include <unistd.h>

#include "netvet/core/text.h"
#include "netvet/crypto/canonical_json.h"
#include "netvet/crypto/digest.h"
#include "netvet/crypto/hash_chain.h"
#include "netvet/store/server_store_internal.h"

namespace netvet::store {
namespace {

constexpr std::array<std::string_view, 3> kOrgKinds{"system", "operator", "regulator"};
constexpr std::array<std::string_view, 5> kRoles{"admin", "operator_editor", "operator_viewer", "regulator_assessor",
                                                 "regulator_viewer"};
constexpr std::array<std::string_view, 6> kStates{"draft",   "submitted", "info_requested",
                                                  "decided", "withdrawn", "superseded"};
constexpr std::array<std::string_view, 4> kMoves{"submit", "withdraw", "request_info", "decide"};

template <typename E, std::size_t N>
std::optional<E> parse_name(const std::array<std::string_view, N>& names, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == s) {
      return static_cast<E>(i);
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(org_kind k) { return kOrgKinds.at(static_cast<std::size_t>(k)); }
std::optional<org_kind> parse_org_kind(std::string_view s) { return parse_name<org_kind>(kOrgKinds, s); }
std::string_view to_string(role r) { return kRoles.at(static_cast<std::size_t>(r)); }
std::optional<role> parse_role(std::string_view s) { return parse_name<role>(kRoles, s); }
std::string_view to_string(proposal_state s) { return kStates.at(static_cast<std::size_t>(s)); }
std::optional<proposal_state> parse_proposal_state(std::string_view s) {
  return parse_name<proposal_state>(kStates, s);
}
std::string_view to_string(proposal_move m) { return kMoves.at(static_cast<std::size_t>(m)); }

org_kind kind_of(role r) {
  switch (r) {
    case role::admin:
      return org_kind::system;
    case role::operator_editor:
    case role::operator_viewer:
      return org_kind::operator_org;
    case role::regulator_assessor:
    case role::regulator_viewer:
      return org_kind::regulator;
  }
  return org_kind::operator_org;
}

std::string principal::actor() const { return "user:" + std::to_string(user_id); }

principal operator_reader(const network_record& net, std::string user) {
  principal reader;
  reader.org_id = net.org_id;
  reader.org = net.org;
  reader.kind = org_kind::operator_org;
  reader.jurisdiction = net.jurisdiction;
  reader.who = role::operator_viewer;
  reader.read_only = true;
  reader.user = std::move(user);
  return reader;
}

bool allows(const principal& p, action a) {
  const bool writes = a == action::manage_orgs || a == action::write_network || a == action::write_proposal ||
                      a == action::decide || a == action::manage_webhooks;
  if (writes && p.read_only) {
    return false;
  }
  switch (a) {
    case action::manage_orgs:
      return p.who == role::admin;
    case action::read_tenant:
      return p.who != role::admin;
    case action::write_network:
    case action::write_proposal:
      return p.who == role::operator_editor;
    case action::decide:
      return p.who == role::regulator_assessor;
    case action::read_log:
      return true;
    case action::read_metrics:
      return p.who == role::admin;
    case action::manage_webhooks:  // an organisation's editors: they act on what the events announce
      return p.who == role::operator_editor || p.who == role::regulator_assessor;
  }
  return false;
}

std::string signed_checkpoint::signed_text() const {
  if (root.empty()) {
    return crypto::checkpoint{count, crypto::from_hex<32>(hash).value_or(crypto::digest{})}.text();
  }
  const nlohmann::json j{{"chain", chain}, {"count", count}, {"hash", hash}, {"key_id", key_id}, {"root", root}};
  auto text = crypto::canonical_json(j);
  return text ? *text : std::string();
}

nlohmann::json signed_checkpoint::to_json() const {
  nlohmann::json j{{"chain", chain}, {"count", count}, {"hash", hash}, {"key_id", key_id}, {"signature", signature}};
  if (!root.empty()) {
    j["root"] = root;
  }
  return j;
}

result<signed_checkpoint> signed_checkpoint::from_json(const nlohmann::json& j, const std::string& source) {
  signed_checkpoint c;
  const auto field = [&](const char* name) -> result<std::string> {
    if (!j.is_object() || !j.contains(name) || !j[name].is_string()) {
      return make_error(error_code::invalid_input, std::string("a checkpoint needs the string '") + name + "'",
                        location{source, 0, 0, name});
    }
    return j[name].get<std::string>();
  };
  NETVET_ASSIGN_OR_RETURN(c.chain, field("chain"));
  NETVET_ASSIGN_OR_RETURN(c.hash, field("hash"));
  NETVET_ASSIGN_OR_RETURN(c.key_id, field("key_id"));
  NETVET_ASSIGN_OR_RETURN(c.signature, field("signature"));
  if (j.contains("root")) {
    NETVET_ASSIGN_OR_RETURN(c.root, field("root"));
  }
  if (!j.contains("count") || !j["count"].is_number_unsigned()) {
    return make_error(error_code::invalid_input, "a checkpoint needs the count of entries",
                      location{source, 0, 0, "count"});
  }
  c.count = j["count"].get<std::uint64_t>();
  const bool hex_ok = crypto::from_hex<32>(c.hash) && crypto::from_hex<64>(c.signature) &&
                      (c.root.empty() || crypto::from_hex<32>(c.root));
  if (!hex_ok) {
    return make_error(error_code::invalid_input,
                      "a checkpoint's hash and root are 64 hexadecimal digits, its signature 128",
                      location{source, 0, 0, crypto::from_hex<32>(c.hash) ? "signature" : "hash"});
  }
  return c;
}

bool signed_by_published_key(const signed_checkpoint& c, const std::vector<published_key>& keys) {
  const auto key = std::find_if(keys.begin(), keys.end(), [&](const published_key& k) { return k.key_id == c.key_id; });
  if (key == keys.end()) {
    return false;
  }
  const auto pub = crypto::from_hex<32>(key->public_key);
  const auto sig = crypto::from_hex<64>(c.signature);
  const std::string text = c.signed_text();
  return pub && sig && !text.empty() && detail::key_id_of(*pub) == c.key_id && crypto::verify(*pub, text, *sig);
}

namespace {

// Passwords of 12 characters or more that lead the public leaked-password
// lists (a short list: the length rule already rules out the short ones).
constexpr std::array<std::string_view, 24> kCommonPasswords{
    "123456789012",  "1234567890123", "12345678901234", "password1234", "password12345", "passwordpassword",
    "qwerty123456",  "qwertyuiop12",  "qwertyuiopasdf", "1q2w3e4r5t6y", "1qaz2wsx3edc",  "iloveyou1234",
    "adminadmin123", "administrator", "changeme1234",   "welcome12345", "letmein12345",  "abc123abc123",
    "abcdefghijkl",  "123456123456",  "111111111111",   "000000000000", "qwertyqwerty",  "passw0rd1234"};

}  // namespace

status check_password_strength(std::string_view password, std::string_view user) {
  const auto weak = [](std::string why) {
    return make_error(error_code::invalid_input, "the password is too weak: " + std::move(why),
                      location{"", 0, 0, "password"});
  };
  if (password.size() < 12) {
    return weak("it needs at least 12 characters");
  }
  if (password.size() > 1024) {
    return make_error(error_code::limit_exceeded, "a password has at most 1024 bytes", location{"", 0, 0, "password"});
  }
  const std::string folded = to_lower_ascii(password);
  if (!user.empty() && folded.find(to_lower_ascii(user)) != std::string::npos) {
    return weak("it contains the user name");
  }
  if (std::all_of(password.begin(), password.end(), [&](char c) { return c == password.front(); })) {
    return weak("it repeats one character");
  }
  if (std::find(kCommonPasswords.begin(), kCommonPasswords.end(), folded) != kCommonPasswords.end()) {
    return weak("it is one of the most common passwords");
  }
  return {};
}

std::string detail::redact_uri(std::string_view uri) {
  const auto scheme = uri.find("://");
  const auto at = uri.find('@');
  if (scheme == std::string_view::npos || at == std::string_view::npos) {
    return std::string(uri);
  }
  const auto colon = uri.find(':', scheme + 3);
  if (colon == std::string_view::npos || colon > at) {
    return std::string(uri);
  }
  return std::string(uri.substr(0, colon + 1)) + "***" + std::string(uri.substr(at));
}

bool detail::is_postgres_uri(std::string_view uri) {
  return uri.starts_with("postgresql://") || uri.starts_with("postgres://");
}

result<std::unique_ptr<server_store>> open_server_store(std::string_view uri, const server_store_options& options) {
  if (detail::is_postgres_uri(uri)) {
    return detail::make_pg_server_store(uri, options);
  }
  return detail::make_sqlite_server_store(uri, options);
}

std::string default_key_path(std::string_view uri) {
  std::string path(uri);
  for (const std::string_view prefix : {"sqlite:", "file:"}) {
    if (path.starts_with(prefix)) {
      path.erase(0, prefix.size());
    }
  }
  return path + ".key";
}

result<crypto::signing_key> read_signing_key(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return make_error(errno == ENOENT ? error_code::not_found : error_code::io_error,
                      std::string("cannot read the signing key: ") + std::strerror(errno), location{path});
  }
  if ((st.st_mode & 077) != 0) {
    std::array<char, 8> mode{};
    std::snprintf(mode.data(), mode.size(), "%03o", static_cast<unsigned>(st.st_mode & 0777));
    return make_error(error_code::invalid_input,
                      std::string("the signing key may be read by others (mode ") + mode.data() +
                          "); make it readable by the server's user only (chmod 600)",
                      location{path});
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) {
    return make_error(error_code::io_error, "cannot read the signing key", location{path});
  }
  return crypto::signing_key::from_pem(text.str(), path);
}

namespace {
// Writes `bytes` to a new file of mode 0600 (already_exists when there is one), synced; defined below.
status write_new_file(const std::string& path, const std::string& bytes);
}  // namespace

result<crypto::signing_key> create_signing_key(const std::string& path) {
  NETVET_ASSIGN_OR_RETURN(auto key, crypto::signing_key::generate());
  NETVET_TRY(write_new_file(path, key.private_pem()));
  return key;
}

result<signing_key_file::identity> signing_key_file::identify(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return make_error(errno == ENOENT ? error_code::not_found : error_code::io_error,
                      std::string("cannot read the signing key: ") + std::strerror(errno), location{path});
  }
  return identity{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
                  static_cast<std::int64_t>(st.st_size),
                  static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

result<std::shared_ptr<signing_key_file>> signing_key_file::open(const std::string& path) {
  NETVET_ASSIGN_OR_RETURN(const identity id, identify(path));
  NETVET_ASSIGN_OR_RETURN(auto key, read_signing_key(path));
  return std::shared_ptr<signing_key_file>(new signing_key_file(path, std::move(key), id));
}

result<crypto::signing_key> signing_key_file::current() {
  const std::lock_guard lock(mutex_);
  NETVET_ASSIGN_OR_RETURN(const identity now, identify(path_));
  if (now != id_) {
    NETVET_ASSIGN_OR_RETURN(key_, read_signing_key(path_));
    id_ = now;
  }
  return key_;
}

namespace {

std::string directory_of(const std::string& path) {
  std::string copy = path;
  return ::dirname(copy.data());
}

status write_new_file(const std::string& path, const std::string& bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return make_error(errno == EEXIST ? error_code::already_exists : error_code::io_error,
                      std::string("cannot create the signing key: ") + std::strerror(errno), location{path});
  }
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      ::close(fd);
      ::unlink(path.c_str());
      return make_error(error_code::io_error, "cannot write the signing key", location{path});
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(path.c_str());
    return make_error(error_code::io_error, "cannot write the signing key", location{path});
  }
  return {};
}

}  // namespace

result<std::string> stage_signing_key(const std::string& path, const crypto::signing_key& key) {
  const std::string staged = path + ".new";
  NETVET_TRY(write_new_file(staged, key.private_pem()));
  return staged;
}

status replace_signing_key(const std::string& staged, const std::string& path) {
  if (::rename(staged.c_str(), path.c_str()) != 0) {
    return make_error(error_code::io_error,
                      std::string("cannot put the new signing key in place: ") + std::strerror(errno) +
                          "; the new key is in " + staged,
                      location{path});
  }
  const int dir = ::open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return {};
}

}  // namespace netvet::store
