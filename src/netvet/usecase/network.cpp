#include "netvet/usecase/network.h"

#include "netvet/io/cyclonedx.h"
#include "netvet/report/summary.h"
#include "netvet/store/workspace.h"

namespace netvet::usecase {

std::string network_source::display_name() const { return path.empty() ? workspace + ":" + snapshot : path; }

result<io::imported_network> import_network(const context& ctx, const network_source& source,
                                            const progress_fn& progress) {
  if (!source.workspace.empty()) {
    if (!source.path.empty()) {
      return make_error(error_code::invalid_input, "give PATH or --workspace/--name, not both",
                        location{"", 0, 0, "PATH"});
    }
    store::open_options opt;
    opt.create_if_missing = false;
    opt.read_only = true;
    NETVET_ASSIGN_OR_RETURN(auto ws, store::open_workspace(source.workspace, opt));
    NETVET_ASSIGN_OR_RETURN(auto net, ws->load(source.snapshot, ctx.catalog(), progress));
    return io::imported_network{std::move(net), {}};
  }
  if (source.path.empty()) {
    return make_error(error_code::invalid_input, "a network is required: PATH (or --workspace FILE --name NAME)",
                      location{"", 0, 0, "PATH"});
  }
  io::read_options ro;
  ro.catalog = &ctx.catalog();
  ro.max_errors = source.max_errors;
  ro.role_map_path = source.role_map;
  ro.vendor_attribute = source.vendor_attribute;
  ro.vendor_map_path = source.vendor_map;
  ro.graphml_function = source.graphml_function;
  ro.progress = progress;
  ro.threads = source.threads;
  ro.fs = &ctx.files();
  return io::import_network(source.path, source.format, ro);
}

result<model::network> load_network(const context& ctx, const network_source& source, const progress_fn& progress) {
  NETVET_ASSIGN_OR_RETURN(auto in, import_network(ctx, source, progress));
  return std::move(in.net);
}

namespace {

report::fact count(std::string name, std::string label, std::size_t n) {
  return report::fact{std::move(name), std::move(label), static_cast<std::int64_t>(n)};
}

}  // namespace

report::document summary_document(const context& ctx, const io::imported_network& in) {
  report::document doc = report::summarize(in.net, ctx.catalog());
  for (const auto& n : in.report.notes) {
    doc.notes.push_back("not read: " + n);
  }
  if (!in.report.cables) {
    return doc;
  }
  const io::cable_report& c = *in.report.cables;
  doc.facts.push_back(count("cables", "Cables", c.cables));
  doc.facts.push_back(count("cables_linked", "Cables that became links", c.linked));
  doc.facts.push_back(count("links_from_cables", "Links they gave", c.links));
  doc.facts.push_back(count("cables_not_linked", "Cables not linked", c.not_linked()));
  auto& t = doc.add_table("unlinked_cables", "Cables not linked, by reason");
  t.add_column("reason", report::column_type::text)
      .add_column("cables", report::column_type::integer)
      .add_column("why", report::column_type::text);
  for (const auto& u : c.unlinked) {
    t.add_row({std::string(u.reason), static_cast<std::int64_t>(u.cables), std::string(u.why)});
  }
  return doc;
}

std::vector<std::string> cable_lines(const io::import_report& report) {
  std::vector<std::string> lines;
  for (const auto& n : report.notes) {
    lines.push_back("not read: " + n);
  }
  if (!report.cables) {
    return lines;
  }
  const io::cable_report& c = *report.cables;
  lines.push_back("cables: " + std::to_string(c.cables) + " read, " + std::to_string(c.linked) + " became " +
                  std::to_string(c.links) + " links, " + std::to_string(c.not_linked()) + " not linked" +
                  (c.unlinked.empty() ? "" : ":"));
  for (const auto& u : c.unlinked) {
    lines.push_back("  " + std::to_string(u.cables) + " " + std::string(u.reason) + ": " + std::string(u.why));
  }
  return lines;
}

std::uint64_t input_bytes(const context& ctx, const network_source& source) {
  auto& fs = ctx.files();
  const auto st = fs.status_of(source.path);
  if (!st || !st->exists) {
    return 0;
  }
  if (!st->is_directory) {
    return st->size;
  }
  std::uint64_t total = 0;
  for (const char* f : {"/elements.csv", "/links.csv"}) {
    const auto fst = fs.status_of(source.path + f);
    total += fst && fst->exists ? fst->size : 0;
  }
  return total;
}

report::document vendors_document(const context& ctx, const model::network* net) {
  return net == nullptr ? report::catalog_listing(ctx.catalog()) : report::network_vendors(*net, ctx.catalog());
}

result<convert_outcome> write_network(const context& ctx, const model::network& net, const std::string& out,
                                      std::optional<io::format> out_format, std::string_view tool_version) {
  const io::format f = out_format.value_or(io::output_format_for(out));
  if (f == io::format::cyclonedx) {
    io::bom_options bom;
    bom.catalog = &ctx.catalog();
    NETVET_ASSIGN_OR_RETURN(bom.timestamp, io::bom_timestamp());
    bom.tool_version = std::string(tool_version);
    NETVET_TRY(ctx.files().write_file_atomic(out, io::write_cyclonedx(net, bom)));
  } else {
    NETVET_TRY(io::write_network(net, out, f, ctx.files()));
  }
  return convert_outcome{net.element_count(), net.link_count(), f};
}

result<convert_outcome> convert(const context& ctx, const convert_request& request, const progress_fn& progress) {
  NETVET_ASSIGN_OR_RETURN(auto in, import_network(ctx, request.source, progress));
  NETVET_ASSIGN_OR_RETURN(auto out, write_network(ctx, in.net, request.out, request.out_format, request.tool_version));
  out.import_notes = std::move(in.report.notes);
  return out;
}

}  // namespace netvet::usecase
