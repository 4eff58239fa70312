// What both server-store backends share (server_store_internal.h).
#include <algorithm>
#include <cctype>
#include <charconv>
#include <random>

#include "netvet/core/date.h"
#include "netvet/crypto/digest.h"
#include "netvet/crypto/password.h"
#include "netvet/crypto/random.h"
#include "netvet/store/server_store_internal.h"

namespace netvet::store::detail {

using nlohmann::json;

// THE tenancy rule (server_store.h): one predicate per table and kind of
// org. `alias` qualifies the columns ("n." for networks, "p." for proposals).
predicate scope_of(const principal& p, table t, const std::string& alias) {
  switch (p.kind) {
    case org_kind::system:
      return t == table::log ? predicate{"TRUE", {}} : predicate{"FALSE", {}};
    case org_kind::operator_org:
      if (t == table::log) {
        return {alias + "chain = ? AND " + alias + "org_id = ?", {p.jurisdiction, p.org_id}};
      }
      return {alias + "org_id = ?", {p.org_id}};
    case org_kind::regulator:
      if (t == table::log) {
        return {alias + "chain = ?", {p.jurisdiction}};
      }
      if (t == table::proposal) {
        return {alias + "jurisdiction = ? AND " + alias + "submitted_at IS NOT NULL", {p.jurisdiction}};
      }
      return {alias + "jurisdiction = ?", {p.jurisdiction}};
  }
  return {"FALSE", {}};
}

error not_found_error(std::string_view what, std::string_view id) {
  return make_error(error_code::not_found, "no " + std::string(what) + " '" + std::string(id) + "'",
                    location{"", 0, 0, "id"});
}

error forbidden_error(const principal& p, std::string_view what) {
  return make_error(error_code::forbidden, "a " + std::string(to_string(p.who)) +
                                               (p.read_only ? " with a read-only token" : "") + " may not " +
                                               std::string(what));
}

// "net_12" -> 12 for prefix "net_"; nullopt for anything else.
std::optional<std::int64_t> parse_id(std::string_view id, std::string_view prefix) {
  if (!id.starts_with(prefix)) {
    return std::nullopt;
  }
  id.remove_prefix(prefix.size());
  std::int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(id.data(), id.data() + id.size(), v);
  if (ec != std::errc{} || ptr != id.data() + id.size() || v <= 0 || id.size() > 18 || id.front() == '0') {
    return std::nullopt;
  }
  return v;
}

std::string key_id_of(const crypto::public_key& k) {
  return crypto::to_hex(crypto::sha256({reinterpret_cast<const char*>(k.data()), k.size()})).substr(0, 16);
}

// The text of an optional string member of `data`, or an error naming it.
result<std::string> string_member(const json& data, const char* name, bool required, std::size_t max) {
  if (!data.is_object() || !data.contains(name)) {
    if (required) {
      return make_error(error_code::invalid_input, std::string("'") + name + "' is required", location{"", 0, 0, name});
    }
    return std::string();
  }
  if (!data[name].is_string()) {
    return make_error(error_code::invalid_input, std::string("'") + name + "' must be a string",
                      location{"", 0, 0, name});
  }
  auto s = data[name].get<std::string>();
  if (s.size() > max) {
    return make_error(error_code::limit_exceeded,
                      std::string("'") + name + "' is longer than " + std::to_string(max) + " bytes",
                      location{"", 0, 0, name});
  }
  if (required && s.empty()) {
    return make_error(error_code::invalid_input, std::string("'") + name + "' may not be empty",
                      location{"", 0, 0, name});
  }
  return s;
}

status check_limit(std::size_t limit) {
  if (limit == 0 || limit > kMaxPage) {
    return make_error(error_code::invalid_input, "limit must be 1.." + std::to_string(kMaxPage),
                      location{"", 0, 0, "limit"});
  }
  return {};
}

status check_org(const org_info& o) {
  if (o.name.empty() || o.name.size() > 200 ||
      std::any_of(o.name.begin(), o.name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    return make_error(error_code::invalid_input, "an organisation's name is 1..200 bytes without control characters",
                      location{"", 0, 0, "name"});
  }
  if (o.kind == org_kind::system) {
    return make_error(error_code::invalid_input, "kind is operator or regulator", location{"", 0, 0, "kind"});
  }
  const bool code = o.jurisdiction.size() >= 2 && o.jurisdiction.size() <= 16 &&
                    std::all_of(o.jurisdiction.begin(), o.jurisdiction.end(),
                                [](char c) { return (c >= 'a' && c <= 'z') || c == '-' || c == '_'; });
  if (!code || o.jurisdiction == kSystemChain) {
    return make_error(error_code::invalid_input,
                      "jurisdiction '" + o.jurisdiction + "' is not a pack id (lower-case letters, 2..16)",
                      location{"", 0, 0, "jurisdiction"});
  }
  return {};
}

status check_user_name(std::string_view name) {
  const bool ok = !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == '_' || c == '@';
  });
  if (!ok) {
    return make_error(error_code::invalid_input, "a user name is 1..64 letters, digits, '.', '-', '_' or '@'",
                      location{"", 0, 0, "name"});
  }
  return {};
}

status check_deactivation(const principal& by, std::string_view user) {
  if (!allows(by, action::manage_orgs)) {
    return make_error(error_code::not_found, "no user named '" + std::string(user) + "'", location{"", 0, 0, "name"});
  }
  if (by.user == user) {
    return make_error(error_code::invalid_state, "an administrator cannot deactivate themself",
                      location{"", 0, 0, "name"});
  }
  return {};
}

status check_deactivation_row(std::string_view user, bool found, bool disabled) {
  if (!found) {
    return make_error(error_code::not_found, "no user named '" + std::string(user) + "'", location{"", 0, 0, "name"});
  }
  if (disabled) {
    return make_error(error_code::invalid_state, "'" + std::string(user) + "' is deactivated",
                      location{"", 0, 0, "name"});
  }
  return {};
}

status check_reset_issue(const principal& by, std::string_view user, std::int64_t valid_seconds) {
  if (!allows(by, action::manage_orgs) || by.read_only) {
    return make_error(error_code::not_found, "no user named '" + std::string(user) + "'", location{"", 0, 0, "name"});
  }
  if (valid_seconds < kMinResetCodeLife || valid_seconds > kMaxResetCodeLife) {
    return make_error(error_code::invalid_input, "a reset code is valid for 5 minutes to 7 days (168 hours)",
                      location{"", 0, 0, "valid_hours"});
  }
  return {};
}

result<reset_code> new_reset_code(std::string_view user, std::int64_t valid_seconds, timestamp now) {
  constexpr std::size_t kGroup = 5;
  NETVET_ASSIGN_OR_RETURN(const std::string digits, crypto::random_hex(10));  // 80 bits, 20 hex digits
  reset_code out;
  out.user = std::string(user);
  for (std::size_t i = 0; i < digits.size(); i += kGroup) {
    out.code += (i == 0 ? "" : "-") + digits.substr(i, kGroup);
  }
  out.expires_at = timestamp{now.unix_seconds + valid_seconds};
  return out;
}

std::string reset_code_digest(std::string_view typed) {
  std::string kept;
  for (const char c : typed) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      kept += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return crypto::to_hex(crypto::sha256(kept));
}

reset_attempt new_reset_attempt(std::string_view user, std::string_view code, std::string_view peer, timestamp now) {
  return reset_attempt{std::string(user),
                       "user:" + std::string(user),
                       "addr:" + std::string(peer),
                       std::string(peer),
                       reset_code_digest(code),
                       {},
                       now};
}

error wrong_reset_code() {
  return make_error(error_code::unauthenticated,
                    "wrong user name or reset code, or the code was used or has expired: ask an administrator for a "
                    "new one",
                    location{"", 0, 0, "code"});
}

status check_lockout(const std::array<std::string, 2>& keys,
                     const std::function<result<std::int64_t>(const std::string&)>& locked_for,
                     login_refusal& refusal) {
  for (const auto& key : keys) {
    NETVET_ASSIGN_OR_RETURN(refusal.retry_after, locked_for(key));
    if (refusal.retry_after > 0) {
      return make_error(error_code::limit_exceeded,
                        "too many failed sign-ins: wait " + std::to_string(refusal.retry_after) + " s",
                        location{"", 0, 0, key.starts_with("user:") ? "name" : "address"});
    }
  }
  return {};
}

status check_move(const proposal_record& p, proposal_move move) {
  using s = proposal_state;
  bool ok = false;
  switch (move) {
    case proposal_move::submit:
      ok = p.state == s::draft;
      break;
    case proposal_move::withdraw:
      ok = p.state == s::draft || p.state == s::submitted || p.state == s::info_requested;
      break;
    case proposal_move::request_info:
    case proposal_move::decide:
      ok = p.state == s::submitted;
      break;
  }
  if (!ok) {
    return make_error(error_code::invalid_state, "proposal '" + p.id + "' is " + std::string(to_string(p.state)) +
                                                     ": it cannot " + std::string(to_string(move)));
  }
  return {};
}

bool body_names(const std::string& body, const std::string& chain, std::uint64_t idx) {
  const json j = json::parse(body, nullptr, false);
  return j.is_object() && j.value("chain", "") == chain && j.contains("idx") && j["idx"].is_number_unsigned() &&
         j["idx"].get<std::uint64_t>() == idx;
}

// A checkpoint that does not match the log marks the chain bad at its count - 1.
void check_held(const signed_checkpoint& c, const std::map<std::string, std::vector<crypto::chain_entry>>& chains,
                const std::map<std::string, roots_at>& roots, const std::vector<published_key>& published,
                std::vector<log_verdict>& out) {
  auto it = std::find_if(out.begin(), out.end(), [&](const log_verdict& v) { return v.chain == c.chain; });
  if (it == out.end()) {
    out.push_back({c.chain, 0, std::nullopt, ""});
    it = std::prev(out.end());
  }
  const auto mark = [&](std::uint64_t at, std::string why) {
    if (!it->first_bad || at < *it->first_bad) {
      it->first_bad = at;
      it->why = std::move(why);
    }
  };
  const auto hash = crypto::from_hex<32>(c.hash);
  const std::uint64_t at = c.count == 0 ? 0 : c.count - 1;
  if (!hash || !signed_by_published_key(c, published)) {
    mark(at, "a checkpoint of " + std::to_string(c.count) + " entries is not signed by a published key");
    return;
  }
  const auto chain = chains.find(c.chain);
  const std::size_t have = chain == chains.end() ? 0 : chain->second.size();
  if (c.count > have) {
    mark(have, "the log has " + std::to_string(have) + " entries, and a checkpoint signed " + std::to_string(c.count) +
                   ": it was cut");
    return;
  }
  if (c.count > 0 && chain->second[c.count - 1].hash != *hash) {
    mark(at, "entry " + std::to_string(at) + " is not the one a signed checkpoint covers: the log was rewritten");
    return;
  }
  if (c.root.empty()) {
    return;  // signed before the tree: the chain hash is all it covers
  }
  const auto chain_roots = roots.find(c.chain);
  const bool same_root = chain_roots != roots.end() && chain_roots->second.contains(c.count) &&
                         crypto::to_hex(chain_roots->second.at(c.count)) == c.root;
  if (!same_root) {
    mark(at, "the Merkle root of the first " + std::to_string(c.count) +
                 " entries is not the one a signed checkpoint covers: the log was rewritten");
  }
}

void log_checker::add(const std::string& chain, std::uint64_t idx, const std::string& body,
                      const std::string& hash_hex) {
  auto& entries = chains_[chain];
  const auto hash = crypto::from_hex<32>(hash_hex);
  if (!misplaced_.contains(chain) && (idx != entries.size() || !hash || !body_names(body, chain, idx))) {
    misplaced_[chain] = std::pair{static_cast<std::uint64_t>(entries.size()),
                                  idx != entries.size() ? "an entry is missing before idx " + std::to_string(idx)
                                                        : "the entry's body does not name its place"};
  }
  entries.push_back({body, hash.value_or(crypto::digest{})});
}

std::vector<log_verdict> log_checker::verdicts(const std::vector<signed_checkpoint>& checkpoints,
                                               const std::vector<published_key>& published) const {
  std::vector<log_verdict> out;
  for (const auto& [chain, entries] : chains_) {
    log_verdict v{chain, entries.size(), std::nullopt, ""};
    if (const auto broken = crypto::first_broken(entries)) {
      v.first_bad = *broken;
      v.why = "the entry's hash does not follow from its body and the entry before";
    }
    if (const auto m = misplaced_.find(chain);
        m != misplaced_.end() && (!v.first_bad || m->second.first <= *v.first_bad)) {
      v.first_bad = m->second.first;
      v.why = m->second.second;
    }
    out.push_back(std::move(v));
  }
  // The roots at every size a checkpoint names: one pass over each chain's
  // leaves (hashed from the bodies, not read from the store).
  std::map<std::string, roots_at> roots;
  for (const auto& c : checkpoints) {
    if (!c.root.empty()) {
      roots[c.chain][c.count] = crypto::digest{};
    }
  }
  for (auto& [chain, at] : roots) {
    const auto entries = chains_.find(chain);
    crypto::merkle_builder tree;
    auto want = at.begin();
    if (want != at.end() && want->first == 0) {
      (want++)->second = tree.root();
    }
    for (std::size_t i = 0; entries != chains_.end() && i < entries->second.size() && want != at.end(); ++i) {
      tree.add(crypto::merkle_leaf_hash(entries->second[i].body));
      if (want->first == i + 1) {
        (want++)->second = tree.root();
      }
    }
    at.erase(want, at.end());  // beyond the log: check_held says it was cut
  }
  for (const auto& c : checkpoints) {
    check_held(c, chains_, roots, published, out);
  }
  return out;
}

result<crypto::signing_key> signing_key_now(const server_store_options& o) {
  if (o.key_file) {
    return o.key_file->current();
  }
  if (o.key == nullptr) {
    return make_error(error_code::invalid_input, "signing a checkpoint needs the server's signing key");
  }
  return *o.key;
}

signed_checkpoint sign_checkpoint(const crypto::signing_key& key, const std::string& chain,
                                  std::span<const crypto::digest> leaves, const std::string& hash_hex) {
  signed_checkpoint c{
      chain, leaves.size(), hash_hex, crypto::to_hex(crypto::merkle_root(leaves)), key_id_of(key.public_bytes()), ""};
  c.signature = crypto::to_hex(key.sign(c.signed_text()));
  return c;
}

crypto::digest stored_leaf(const std::string& leaf_hex, const std::string& body) {
  if (const auto leaf = crypto::from_hex<32>(leaf_hex)) {
    return *leaf;
  }
  return crypto::merkle_leaf_hash(body);
}

std::vector<std::string> hex_all(std::span<const crypto::digest> hashes) {
  std::vector<std::string> out;
  out.reserve(hashes.size());
  for (const auto& h : hashes) {
    out.push_back(crypto::to_hex(h));
  }
  return out;
}

result<std::uint64_t> proof_size(std::optional<std::uint64_t> asked, std::uint64_t count, std::uint64_t at_least,
                                 const char* field) {
  const std::uint64_t size = asked.value_or(count);
  if (size < at_least || size > count) {
    return make_error(error_code::invalid_input,
                      std::string(field) + " is " + std::to_string(at_least) + ".." + std::to_string(count) +
                          " (the chain has " + std::to_string(count) + " entries), not " + std::to_string(size),
                      location{"", 0, 0, field});
  }
  return size;
}

result<json> retired_by_rotation(const std::vector<published_key>& before, const crypto::public_key& next) {
  const std::string id = key_id_of(next);
  json retired = json::array();
  for (const auto& k : before) {
    if (k.key_id == id) {
      return make_error(error_code::already_exists, "the signing key " + id + " is published already");
    }
    if (!k.retired_at) {
      retired.push_back(k.key_id);
    }
  }
  return retired;
}

inclusion_proof make_inclusion(const log_entry& e, std::span<const crypto::digest> leaves, signed_checkpoint cp) {
  inclusion_proof p;
  p.chain = e.chain;
  p.index = e.idx;
  p.size = leaves.size();
  p.entry = e;
  p.leaf_hash = crypto::to_hex(leaves[e.idx]);
  p.path = hex_all(crypto::inclusion_path(leaves, e.idx));
  p.checkpoint = std::move(cp);
  return p;
}

consistency_proof make_consistency(std::uint64_t first, std::span<const crypto::digest> leaves, signed_checkpoint cp) {
  consistency_proof p;
  p.chain = cp.chain;
  p.first = first;
  p.second = leaves.size();
  p.path = hex_all(crypto::consistency_path(leaves, first));
  p.checkpoint = std::move(cp);
  return p;
}

result<decision_input> parse_decision(const json& data) {
  decision_input out;
  NETVET_ASSIGN_OR_RETURN(out.decision, string_member(data, "decision", true, 64));
  const std::string& decision = out.decision;
  if (decision != "significant_risk" && decision != "risk_to_address" && decision != "no_significant_risk") {
    return make_error(error_code::invalid_input,
                      "decision is significant_risk, risk_to_address or no_significant_risk, not '" + decision + "'",
                      location{"", 0, 0, "decision"});
  }
  NETVET_ASSIGN_OR_RETURN(out.reasons, string_member(data, "reasons", true, kMaxReasons));
  if (data.contains("conditions")) {
    const json& c = data["conditions"];
    if (!c.is_array() || c.size() > kMaxConditions || !std::all_of(c.begin(), c.end(), [](const json& x) {
          return x.is_string() && x.get_ref<const std::string&>().size() <= kMaxReasons;
        })) {
      return make_error(error_code::invalid_input,
                        "conditions is an array of at most " + std::to_string(kMaxConditions) + " strings",
                        location{"", 0, 0, "conditions"});
    }
    out.conditions = c.get<std::vector<std::string>>();
  }
  if (decision == "risk_to_address" && out.conditions.empty()) {
    return make_error(error_code::invalid_input, "a risk to address names the conditions that address it",
                      location{"", 0, 0, "conditions"});
  }
  return out;
}

result<info_request_input> parse_info_request(const json& data) {
  info_request_input out;
  NETVET_ASSIGN_OR_RETURN(out.reasons, string_member(data, "reasons", true, kMaxReasons));
  NETVET_ASSIGN_OR_RETURN(out.kind, string_member(data, "kind", false, 32));
  if (out.kind.empty()) {
    out.kind = "information";
  }
  if (out.kind != "information" && out.kind != "mitigation") {
    return make_error(error_code::invalid_input, "kind is 'information' or 'mitigation'", location{"", 0, 0, "kind"});
  }
  return out;
}

result<session_info> new_session(timestamp now) {
  session_info s;
  NETVET_ASSIGN_OR_RETURN(const auto secret, crypto::random_bytes(32));
  NETVET_ASSIGN_OR_RETURN(const auto csrf, crypto::random_bytes(32));
  s.secret = crypto::base64url(secret);
  s.csrf = crypto::base64url(csrf);
  s.created_at = now;
  s.expires_at = {now.unix_seconds + kSessionLife};
  return s;
}

std::int64_t lockout_wait(std::int64_t count, std::int64_t last_at, timestamp now) {
  if (count < kFreeFailures || last_at + kFailureWindow <= now.unix_seconds) {
    return 0;
  }
  const std::int64_t over = std::min<std::int64_t>(count - kFreeFailures, 20);
  const std::int64_t wait = std::min<std::int64_t>(std::int64_t{1} << over, kMaxLockout);
  return std::max<std::int64_t>(0, last_at + wait - now.unix_seconds);
}

const std::string& dummy_password_hash() {
  static const std::string kHash = [] {
    auto h = crypto::hash_password("netvet-no-such-user-" + std::to_string(std::random_device{}()));
    return h ? *h : std::string();
  }();
  return kHash;
}

bool same_secret(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         crypto::constant_time_equal({reinterpret_cast<const std::uint8_t*>(a.data()), a.size()},
                                     {reinterpret_cast<const std::uint8_t*>(b.data()), b.size()});
}

// --- webhooks ---

std::string event_pattern(std::string_view event) { return "%\"" + std::string(event) + "\"%"; }

status check_answer(const answer_record& a) {
  const auto hex = [](std::string_view t) {
    return t.size() == 64 && t.find_first_not_of("0123456789abcdef") == std::string_view::npos;
  };
  if (!hex(a.key)) {
    return make_error(error_code::invalid_input, "an answer's key is a SHA-256 in hex", location{"", 0, 0, "key"});
  }
  if (a.generation.empty() || a.generation.size() > 128) {
    return make_error(error_code::invalid_input, "an answer's generation is 1..128 bytes",
                      location{"", 0, 0, "generation"});
  }
  if (!a.day.empty() && !parse_date(a.day)) {
    return make_error(error_code::invalid_input, "an answer's day is YYYY-MM-DD or empty", location{"", 0, 0, "day"});
  }
  if (a.body.size() > kMaxKeptAnswer) {
    return make_error(error_code::limit_exceeded, "an answer of " + std::to_string(a.body.size()) +
                                                      " bytes is more than is kept (" + std::to_string(kMaxKeptAnswer) +
                                                      ")");
  }
  return {};
}

bool keeps_answers_of(const principal& by, const network_record& rec) {
  return by.kind == org_kind::operator_org && by.org_id == rec.org_id;
}

status check_answer_keeper(const principal& by, const network_record& rec) {
  if (!keeps_answers_of(by, rec)) {
    return make_error(error_code::forbidden, "only the network's own organisation keeps its answers");
  }
  return {};
}

status check_new_webhook(const new_webhook& w) {
  if (w.url.empty() || w.url.size() > kMaxWebhookUrl) {
    return make_error(error_code::invalid_input, "url is 1.." + std::to_string(kMaxWebhookUrl) + " bytes",
                      location{"", 0, 0, "url"});
  }
  if (w.events.empty() || w.events.size() > kWebhookEvents.size()) {
    return make_error(error_code::invalid_input, "events lists at least one event type", location{"", 0, 0, "events"});
  }
  for (std::size_t i = 0; i < w.events.size(); ++i) {
    const auto& e = w.events[i];
    if (std::find(kWebhookEvents.begin(), kWebhookEvents.end(), e) == kWebhookEvents.end() ||
        std::find(w.events.begin(), w.events.begin() + static_cast<std::ptrdiff_t>(i), e) !=
            w.events.begin() + static_cast<std::ptrdiff_t>(i)) {
      return make_error(error_code::invalid_input,
                        "events: '" + e.substr(0, 64) + "' is not an event type, or is listed twice",
                        location{"", 0, 0, "events"});
    }
  }
  if (w.lead_days < 0 || w.lead_days > kMaxLeadDays) {
    return make_error(error_code::invalid_input, "lead_days is 0.." + std::to_string(kMaxLeadDays),
                      location{"", 0, 0, "lead_days"});
  }
  return {};
}

status check_overlap(std::int64_t seconds) {
  if (seconds < 0 || seconds > kMaxSecretOverlap) {
    return make_error(error_code::invalid_input, "overlap_seconds is 0.." + std::to_string(kMaxSecretOverlap),
                      location{"", 0, 0, "overlap_seconds"});
  }
  return {};
}

result<std::string> new_webhook_secret() {
  NETVET_ASSIGN_OR_RETURN(const auto bytes, crypto::random_bytes(32));
  return "whsec_" + crypto::base64url(bytes);
}

result<std::string> new_delivery_id() {
  NETVET_ASSIGN_OR_RETURN(auto b, crypto::random_bytes(16));
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0FU) | 0x40U);  // version 4
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3FU) | 0x80U);  // RFC 4122 variant
  const std::string h = crypto::to_hex(b);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

std::string webhook_payload(std::string_view event, const std::string& key, const json& data, timestamp now) {
  const json j = {{"id", key}, {"type", event}, {"created_at", format_timestamp(now)}, {"data", data}};
  return j.dump();
}

std::optional<std::string_view> event_of(proposal_move m) {
  switch (m) {
    case proposal_move::submit:
      return kWebhookEvents[0];
    case proposal_move::request_info:
      return kWebhookEvents[1];
    case proposal_move::decide:
      return kWebhookEvents[2];
    case proposal_move::withdraw:
      break;
  }
  return std::nullopt;
}

// Ids and states only: the receiver reads the rest through the API with its own token.
json proposal_event_data(const proposal_record& p, proposal_move m, const json& move_data) {
  json d = {{"proposal", p.id},
            {"network", p.network_id},
            {"org", p.org},
            {"jurisdiction", p.jurisdiction},
            {"version", p.version}};
  if (m == proposal_move::decide && move_data.is_object()) {
    d["decision"] = move_data.value("decision", "");
  }
  if (m == proposal_move::request_info && move_data.is_object()) {
    d["kind"] = move_data.value("kind", "information");
  }
  return d;
}

attempt_verdict judge_attempt(const delivery_attempt& a, const retry_policy& p, timestamp now) {
  if (a.status >= 200 && a.status < 300) {
    return {"delivered", now};
  }
  if (a.n >= p.max_attempts) {
    return {"failed", now};
  }
  constexpr std::int64_t kDay = 86400;
  const std::int64_t base = std::max<std::int64_t>(1, p.base_seconds);
  const std::int64_t delay = std::min(kDay, base << std::min(a.n - 1, 20));
  // +/- 20 % jitter, so that a receiver that comes back is not hit by every retry at once.
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  const std::int64_t spread = delay / 5;
  const std::int64_t jitter = spread == 0 ? 0 : std::uniform_int_distribution<std::int64_t>(-spread, spread)(rng);
  return {"pending", {now.unix_seconds + std::max<std::int64_t>(1, delay + jitter)}};
}

std::pair<std::string, std::string> expiring_window(int lead_days, timestamp now) {
  const date today{static_cast<std::int32_t>(now.unix_seconds / 86400)};
  return {format_date(today), format_date(date{today.days + lead_days})};
}

result<predicate> deliveries_query(const webhook_info& w, std::int64_t org, const page_request& r) {
  NETVET_TRY(check_limit(r.limit));
  predicate q{std::string(kDeliverySelect) + " WHERE webhook_id = ? AND org_id = ?", {*parse_id(w.id, "whk_"), org}};
  if (!r.cursor.empty()) {
    const auto before = parse_id(r.cursor, "c");
    if (!before) {
      return make_error(error_code::invalid_input, "not a cursor of this list", location{"", 0, 0, "cursor"});
    }
    q.sql += " AND seq < ?";
    q.binds.emplace_back(*before);
  }
  q.sql += " ORDER BY seq DESC LIMIT ?";
  q.binds.emplace_back(static_cast<std::int64_t>(r.limit + 1));
  return q;
}

result<predicate> log_query(const principal& by, const page_request& r, std::string_view seq) {
  NETVET_TRY(check_limit(r.limit));
  const std::string column(seq);
  predicate q = scope_of(by, table::log);
  q.sql =
      "SELECT chain, idx, at, actor, org_id, kind, subject, body, hash, " + column + " FROM log_entry WHERE " + q.sql;
  if (r.since) {
    q.sql += " AND at >= ?";
    q.binds.emplace_back(r.since->unix_seconds);
  }
  if (r.until) {
    q.sql += " AND at < ?";
    q.binds.emplace_back(r.until->unix_seconds);
  }
  if (!r.cursor.empty()) {
    const auto after = parse_id(r.cursor, "c");
    if (!after) {
      return make_error(error_code::invalid_input, "not a cursor of this list", location{"", 0, 0, "cursor"});
    }
    q.sql += " AND " + column + " > ?";
    q.binds.emplace_back(*after);
  }
  q.sql += " ORDER BY " + column + " LIMIT ?";
  q.binds.emplace_back(static_cast<std::int64_t>(r.limit + 1));
  return q;
}

json waiver_event_data(const std::string& id, const network_record& net, const waiver_record& w) {
  return {{"waiver", id},   {"network", net.id}, {"org", net.org},      {"jurisdiction", net.jurisdiction},
          {"pack", w.pack}, {"rule", w.rule},    {"expires", w.expires}};
}

webhook_info webhook_of(std::int64_t id, std::int64_t org, std::string url, const std::string& events_json,
                        std::int64_t lead_days, timestamp created, std::string by,
                        std::optional<timestamp> prev_until) {
  webhook_info w;
  w.id = "whk_" + std::to_string(id);
  w.org_id = org;
  w.url = std::move(url);
  const json e = json::parse(events_json, nullptr, false);
  if (e.is_array()) {
    w.events = e.get<std::vector<std::string>>();
  }
  w.lead_days = static_cast<int>(lead_days);
  w.created_at = created;
  w.created_by = std::move(by);
  w.previous_valid_until = prev_until;
  return w;
}

}  // namespace netvet::store::detail
