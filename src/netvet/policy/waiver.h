// netvet/policy/waiver.h: a regulator's acceptance of an audit finding for a
// named set of elements, until a date.
//
// A waiver names a pack, a rule and the elements it covers. It applies to an
// audit on a date before its expiry: a finding of that rule every one of
// whose elements the waiver names is shown apart as waived (not removed),
// and shown again as a finding from the expiry on. A finding it covers only
// in part stays a finding (the note says how many of its elements are
// waived). Waived findings no longer count towards the elements at issue.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "netvet/core/date.h"
#include "netvet/model/network.h"
#include "netvet/policy/assess.h"

namespace netvet::policy {

struct waiver {
  std::string id;
  std::string pack;
  std::string rule;
  std::vector<std::string> elements;  // element ids
  std::string justification;
  date expires;  // the first day it no longer applies
};

struct waived_finding {
  finding f;
  const waiver* by = nullptr;
};

struct waiver_outcome {
  std::vector<waived_finding> waived;
  // Findings covered in part: the finding's index in the audit and how many of its elements are waived.
  std::vector<std::pair<std::size_t, std::uint64_t>> partly;
};

// Moves the findings of `a` that a waiver in force on a.as_of covers wholly
// out of `a.findings` (and recomputes a.elements_at_issue).
waiver_outcome apply_waivers(audit_result& a, const model::network& net, const std::vector<waiver>& waivers);

// The waived findings as JSON: each finding's JSON (report.h's to_json) with
// the waiver's id, justification and expiry.
nlohmann::json waived_json(const waiver_outcome& w);

}  // namespace netvet::policy
