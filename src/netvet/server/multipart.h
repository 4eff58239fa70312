// netvet/server/multipart.h: a multipart/form-data body (RFC 7578), split
// into its parts without copying them -- what `curl -F name=@file` sends, and
// how a network CSV pair is uploaded (the parts point into the caller's
// bytes, which may be a memory-mapped spool file of gigabytes).
//
// Bounded: at most kMaxParts parts, each header block at most
// kMaxPartHeaderBytes; the boundary (1..70 characters, RFC 2046) comes from
// the Content-Type's `boundary` parameter, quoted or not. Errors are
// invalid_input naming "Content-Type" (no or bad boundary) or "body" (where
// the framing breaks, with the byte offset).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "netvet/core/error.h"

namespace netvet::server {

inline constexpr std::size_t kMaxParts = 16;
inline constexpr std::size_t kMaxPartHeaderBytes = 8 * 1024;

struct form_part {
  std::string name;          // Content-Disposition's name
  std::string filename;      // its filename, if any
  std::string content_type;  // the part's Content-Type, if any
  std::string_view data;     // the part's bytes, inside the body given
};

// The boundary named by a multipart/form-data Content-Type value.
result<std::string> multipart_boundary(std::string_view content_type);

// The parts of `body`, in order.
result<std::vector<form_part>> parse_multipart(std::string_view body, std::string_view boundary);

}  // namespace netvet::server
