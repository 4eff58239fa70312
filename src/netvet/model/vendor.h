// netvet/model/vendor.h: the vendor catalogue and name normalisation.
//
// A vendor is known by its display name (vendors.csv `display_name`), which
// is its key wherever netvet writes JSON. A spelling resolves to a vendor
// after trimming, ignoring case and punctuation, and dropping legal suffixes
// (`Co., Ltd.`, `Inc.`, `Oy`, `AB`, `SE`, `Corporation`, ...), through the
// display name, the legal name and the aliases (network-csv.md "Vendor
// names"). The built-in catalogue is data/vendors.csv plus every manufacturer
// of the NetBox device-type library (data/devicetypes/device_types.csv),
// embedded in the binary; users add vendors and aliases with files in the
// same layout as vendors.csv.
//
// A spelling that matches nothing as written but contains a byte >= 0x80 is
// folded and looked up again (`fold_spelling`): invisible characters removed,
// full-width and other compatibility forms mapped as Unicode NFKC does, then
// Cyrillic and Greek letters that look Latin mapped to those letters. A match
// found that way carries `folded`: a vendor name written so that it escapes
// matching is itself a warning sign, and netvet reports it (validate, vendors,
// assess). Plain ASCII spellings never take this path.
//
// A catalogue is immutable once built and safe to share between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "netvet/core/error.h"
#include "netvet/core/file_system.h"

namespace netvet::model {

using vendor_id = std::uint32_t;

struct vendor_info {
  std::string display_name;    // the key: "Huawei"
  std::string canonical_name;  // legal name: "Huawei Technologies Co., Ltd."
  std::vector<std::string> aliases;
  std::string hq_country;  // ISO 3166-1 alpha-2, may be empty
  std::string parent;      // display name of the parent vendor, may be empty
  std::string notes;
  std::string source;
  std::string origin;  // "vendors.csv", "device-type library" or a user file
};

// How a spelling was resolved.
enum class match_kind : std::uint8_t { display_name, canonical_name, alias, unknown };
std::string_view to_string(match_kind k);

// Why a spelling matched only after folding (any combination; none set: it
// matched as written).
struct vendor_folding {
  // Unicode format characters and other default-ignorable code points
  // removed: zero-width space and joiners, soft hyphen, bidi controls, word
  // joiner, byte-order mark, variation selectors, tags.
  bool invisible = false;
  // Full-width forms (ASCII U+FF01..U+FF5E, signs U+FFE0..U+FFE6) and the
  // ideographic space.
  bool full_width = false;
  // Other NFKC compatibility forms: Unicode spaces, ligatures (U+FB00..),
  // super- and subscripts, circled and parenthesised letters, mathematical
  // and letterlike letters, Roman numerals, long s, dotless i.
  bool compatibility = false;
  // Cyrillic or Greek letters that look Latin (a confusables skeleton for
  // Latin look-alikes, after Unicode TS #39): NFKC keeps these.
  bool lookalike = false;

  [[nodiscard]] bool any() const { return invisible || full_width || compatibility || lookalike; }
  // "invisible characters, full-width forms"; empty when none is set.
  [[nodiscard]] std::string describe() const;
};

struct vendor_match {
  std::optional<vendor_id> vendor;  // nullopt: unknown vendor
  match_kind kind = match_kind::unknown;
  std::string matched;    // the catalogue name or alias it matched, if any
  vendor_folding folded;  // set: it matched only after folding (a disguised name)
};

// A spelling folded for matching and why. `text` is UTF-8; invalid UTF-8 is
// kept byte for byte (nothing to fold there). Folds what the file comment
// lists; `lookalikes` also maps Cyrillic and Greek Latin look-alikes. This is
// a documented subset of NFKC aimed at Latin vendor names, not a full
// normaliser: composed accents, CJK compatibility ideographs and Hangul are
// left alone.
struct folded_spelling {
  std::string text;
  vendor_folding why;
};
folded_spelling fold_spelling(std::string_view spelling, bool lookalikes);

// Lower-case, punctuation-free, legal-suffix-free key of a vendor spelling:
// "Huawei Technologies Co., Ltd." -> "huaweitechnologies".
std::string normalise_vendor_key(std::string_view spelling);
// The same, keeping legal suffixes when `drop_suffixes` is false. A spelling
// is looked up with its suffixes first (so "TP-Link Corporation" can name a
// different company than "TP-Link"), then without.
std::string vendor_key(std::string_view spelling, bool drop_suffixes);

class vendor_catalog {
 public:
  // The catalogue compiled into netvet (vendors.csv + device-type library).
  static const vendor_catalog& builtin();

  // Parses a vendors.csv-layout text. `name` is used in error locations.
  static result<vendor_catalog> from_csv(std::string_view text, std::string_view name);

  // Adds the vendors and aliases of a user file (vendors.csv layout; only
  // `display_name` is required, `aliases` adds spellings to an existing
  // vendor). An alias that would belong to two vendors is an error.
  status merge_csv(std::string_view text, std::string_view name);
  // The same from a file read through `fs`: not_found ("cannot open vendor
  // file") when it cannot be opened, io_error when a read fails.
  status merge_file(file_system& fs, const std::string& path);
  status merge_file(const std::string& path) { return merge_file(local_file_system(), path); }

  [[nodiscard]] vendor_match resolve(std::string_view spelling) const;
  [[nodiscard]] std::optional<vendor_id> find(std::string_view display_name) const;
  [[nodiscard]] const vendor_info& info(vendor_id id) const { return vendors_[id]; }
  [[nodiscard]] std::size_t size() const { return vendors_.size(); }
  [[nodiscard]] const std::vector<vendor_info>& vendors() const { return vendors_; }
  // Display names, for "did you mean".
  [[nodiscard]] std::vector<std::string> display_names() const;
  // Up to `n` catalogue names closest to an unknown spelling.
  [[nodiscard]] std::vector<std::string> suggest(std::string_view spelling, std::size_t n = 3) const;

 private:
  status add_key(std::string_view spelling, vendor_id id, match_kind kind, const location& where);
  status add_vendor_row(vendor_info row, const location& where, bool allow_extend);
  // The lookup as written (case, punctuation and legal suffixes ignored).
  [[nodiscard]] vendor_match resolve_as_written(std::string_view spelling) const;

  std::vector<vendor_info> vendors_;
  struct key_entry {
    vendor_id vendor;
    match_kind kind;
    std::string spelling;
  };
  std::unordered_map<std::string, key_entry> exact_keys_;  // suffixes kept
  std::unordered_map<std::string, key_entry> keys_;        // suffixes dropped
  std::unordered_map<std::string, vendor_id> by_display_;
};

}  // namespace netvet::model
