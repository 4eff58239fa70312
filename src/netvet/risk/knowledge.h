// netvet/risk/knowledge.h: what netvet knows of vendors and of the parts of
// a network, as sourced data (data/risk/, docs/risk-model.md).
//
//  - vendor-facts.csv: dated profile facts, one per row, each with its
//    confidence tag and source ids: a vendor's home state, the likelihood
//    factors (0, 1 or 2; empty: shown, never weighed), designations by
//    governments, and `reviewed` (the designations listed are all the
//    sources found, so "none" is evidence). Rows whose subject is
//    `state:XX` hold facts of a home state, shared by its vendors.
//  - criticality.csv: the criticality of each EU asset category and of the
//    functions rated apart from their category, with sources; `basis:
//    netvet` marks a level no source gives (netvet's own).
//  - sources.csv: the sources the other files cite by id.
// The files are compiled in. A user adds or overrides with their own files
// (`--profiles`, `--criticality`): every subject (or part) a user file
// names replaces the built-in rows of that subject (or part); the others
// stay. Bad rows are errors naming file, line and field.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "netvet/core/confidence.h"
#include "netvet/core/date.h"
#include "netvet/core/error.h"
#include "netvet/core/file_system.h"
#include "netvet/model/function.h"
#include "netvet/model/vendor.h"
#include "netvet/risk/vocabulary.h"

namespace netvet::risk {

struct source_ref {
  std::string id;
  std::string title;
  std::string url;
  std::optional<date> day;
  std::string read;  // what of it was read
};

enum class fact_kind : std::uint8_t { home, level, designation, reviewed };

struct fact {
  std::string subject;  // a vendor's display name, or "state:CN"
  fact_kind kind = fact_kind::level;
  factor f = factor::compulsion;  // level facts
  std::optional<int> value;       // level facts: 0..2; nullopt: shown, not weighed
  std::string country;            // home: the home state; designation: who designated (empty: shown only)
  std::optional<date> from;       // empty: always
  std::optional<date> until;      // empty: still holds
  confidence conf = confidence::confirmed;
  std::vector<std::string> sources;  // ids in sources.csv
  std::string decision;              // the decision this fact reports (precedents.csv `decision`), if any
  std::string text;
  location where;

  [[nodiscard]] bool on(date d) const { return (!from || *from <= d) && (!until || d <= *until); }
  // [U] facts are shown, never weighed.
  [[nodiscard]] bool weighable() const { return conf != confidence::unconfirmed; }
  // Whether it counts in a factor's value: weighable, and a level fact with a level.
  [[nodiscard]] bool weighed() const { return weighable() && (kind != fact_kind::level || value.has_value()); }
};

struct criticality_entry {
  std::string part;  // "RAN" (a category) or "antenna" (a function)
  criticality lvl = criticality::medium;
  std::optional<criticality> in_5g;  // raised when the element serves 5G (factor I6)
  bool network_reach = false;        // one element serves the whole network (core, management, LI, ...)
  bool own = false;                  // netvet's own level: no source rates this part
  confidence conf = confidence::confirmed;
  std::vector<std::string> sources;
  std::string text;
  location where;
};

class knowledge {
 public:
  // The compiled-in data, vendors resolved through `catalog`.
  static result<knowledge> builtin(const model::vendor_catalog& catalog);
  static result<knowledge> from_text(std::string_view sources_csv, std::string_view facts_csv,
                                     std::string_view criticality_csv, const model::vendor_catalog& catalog);

  // A user's profile facts (same columns as vendor-facts.csv); subjects it
  // names replace the built-in rows of those subjects.
  status merge_profiles(file_system& fs, const std::string& path, const model::vendor_catalog& catalog);
  // A user's criticality ratings (same columns as criticality.csv).
  status merge_criticality(file_system& fs, const std::string& path);

  // Facts of a vendor (display name) or a state ("state:CN"), in file order.
  [[nodiscard]] std::span<const fact> facts_of(std::string_view subject) const;
  [[nodiscard]] bool has_profile(std::string_view vendor) const { return !facts_of(vendor).empty(); }
  [[nodiscard]] std::vector<std::string> profiled_vendors() const;
  [[nodiscard]] const source_ref* find_source(std::string_view id) const;
  // The entry that rates `fn`: its own row, else its category's.
  [[nodiscard]] const criticality_entry& rating_of(model::function fn) const;
  [[nodiscard]] const criticality_entry* find_rating(std::string_view part) const;
  [[nodiscard]] std::span<const criticality_entry> ratings() const { return ratings_; }

 private:
  status read_sources(std::string_view text, const std::string& name);
  status read_facts(std::string_view text, const std::string& name, const model::vendor_catalog& catalog, bool replace);
  status read_criticality(std::string_view text, const std::string& name, bool replace);
  status check_complete() const;

  std::map<std::string, source_ref, std::less<>> sources_;
  std::map<std::string, std::vector<fact>, std::less<>> facts_;
  std::vector<criticality_entry> ratings_;
};

}  // namespace netvet::risk
