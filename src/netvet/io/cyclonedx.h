// netvet/io/cyclonedx.h: CycloneDX hardware bills of materials (HBOMs), in
// and out (README "CycloneDX and Dependency-Track", docs/formats/cyclonedx.md).
//
// Reading: a CycloneDX 1.5 or 1.6 JSON BOM (detected by its `bomFormat`).
// Each `device` component is an element: its vendor is `manufacturer.name`,
// else `supplier.name`, else `publisher`; its model `name` (and `version`);
// its id, function, site, region, subscribers and the other columns come
// from `netvet:*` properties, its function also from `cdx:device:function`
// when that names a netvet function. Other properties become attributes
// named as the property. A nested `device` component that names a netvet
// function is an element linked to its parent; other nested components are
// listed in the parent's `cdx:components` attribute. A `dependencies` entry
// between two elements is a link; one to a component that is not an element
// is listed in the `cdx:depends_on` attribute. What is not read (components
// that are not devices, audit findings, references to nothing) is counted in
// `notes`, one line per kind: information, never an error.
//
// Errors, each naming the file and the JSON pointer of the field:
//   not CycloneDX (`bomFormat` missing or not "CycloneDX")   invalid_input (3)
//   `specVersion` other than 1.5 or 1.6                      unsupported (6)
//   a device with no manufacturer, supplier nor publisher    invalid_input (3)
//   a `bom-ref` used twice                                   invalid_input (3)
//   a BOM larger than `read_options::max_bom_bytes`          limit_exceeded (8)
//     (64 MiB by default: refused before it is read)
//
// Writing: CycloneDX 1.6, one `device` component per element, its vendor's
// legal name as `manufacturer` (the spelling and the home country as
// properties), `bom-ref` "element:<id>", every column and attribute as a
// `netvet:*` property (so reading it back gives the same network), each link
// as a `netvet:link` property of its first end and as a dependency.
// `serialNumber` is a UUID (RFC 9562 version 8) made from the SHA-256 of the
// BOM without its serial number and timestamp: the same network (and
// findings) give the same serial number, and with the same timestamp the
// same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "netvet/core/error.h"
#include "netvet/io/reader.h"
#include "netvet/model/network.h"
#include "netvet/model/vendor.h"

namespace netvet::io {

// The specification versions netvet reads.
inline constexpr std::string_view kCycloneDxVersions[] = {"1.5", "1.6"};

struct cyclonedx_import {
  model::network net;
  // What was read but not mapped, one line per kind with its count.
  std::vector<std::string> notes;
};

result<cyclonedx_import> read_cyclonedx(const std::string& path, const read_options& options);
// The same from text; `name` is the file named in errors.
result<cyclonedx_import> read_cyclonedx_text(std::string_view text, std::string_view name, const read_options& options);

// One CycloneDX property (name, value).
struct bom_property {
  std::string name;
  std::string value;
};

struct bom_options {
  // Resolves vendors to their legal name and home country; nullptr: the
  // built-in catalogue.
  const model::vendor_catalog* catalog = nullptr;
  // metadata.timestamp (ISO 8601, UTC); empty: none written.
  std::string timestamp;
  // The version named in metadata.tools; empty: no tool entry.
  std::string tool_version;
  // BOM-level properties added to metadata.properties (e.g. the audit's pack and date).
  std::vector<bom_property> metadata;
  // Extra properties per element (indexed by element; shorter: none), added
  // after the element's own (e.g. audit findings).
  std::vector<std::vector<bom_property>> element_properties;
};

// The network as a CycloneDX 1.6 JSON BOM (pretty-printed, ends in a newline).
std::string write_cyclonedx(const model::network& net, const bom_options& options);

// A timestamp for metadata.timestamp: SOURCE_DATE_EPOCH (seconds since
// 1970, the reproducible-builds convention) when set, else the system clock.
// invalid_input naming SOURCE_DATE_EPOCH when it is not a whole number.
result<std::string> bom_timestamp();

}  // namespace netvet::io
