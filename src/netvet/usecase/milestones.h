// netvet/usecase/milestones.h: the removal milestones a network still has to
// meet, as the audit finds them (the server's milestone.due webhooks).
//
// The audit of `p` on `today` (the evaluator the audit route and `netvet
// audit` run) has a removal_due finding for each milestone of a `remove`
// rule that the network has not met yet; the waivers in force on the
// milestone's date set aside the findings they cover wholly (policy/waiver.h,
// as the audit route does) and, from a finding they cover in part, the
// elements they name. What is left, by rule and deadline, is what is due.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "netvet/core/date.h"
#include "netvet/policy/index.h"
#include "netvet/policy/pack.h"
#include "netvet/policy/waiver.h"

namespace netvet::usecase {

struct due_milestone {
  std::string pack;
  std::string rule;
  std::string title;                  // the milestone's (the rule's when it has none)
  policy::source src;                 // the rule's legal source
  date deadline;                      // on or after `today`
  std::vector<std::string> elements;  // the ids still in scope, sorted
};

// The milestones of `p`'s remove rules due on or after `today` with elements
// still in scope in `index`'s network, soonest first (one per rule and
// deadline: two milestones of a rule on one date are one, their elements
// merged).
std::vector<due_milestone> due_milestones(const policy::pack& p, const policy::network_index& index,
                                          const std::vector<policy::waiver>& waivers, date today);

}  // namespace netvet::usecase
