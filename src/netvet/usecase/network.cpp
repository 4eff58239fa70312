#include "netvet/usecase/network.h"

#include "netvet/report/summary.h"
#include "netvet/store/workspace.h"

namespace netvet::usecase {

std::string network_source::display_name() const { return path.empty() ? workspace + ":" + snapshot : path; }

result<model::network> load_network(const context& ctx, const network_source& source, const progress_fn& progress) {
  if (!source.workspace.empty()) {
    if (!source.path.empty()) {
      return make_error(error_code::invalid_input, "give PATH or --workspace/--name, not both",
                        location{"", 0, 0, "PATH"});
    }
    store::open_options opt;
    opt.create_if_missing = false;
    opt.read_only = true;
    NETVET_ASSIGN_OR_RETURN(auto ws, store::open_workspace(source.workspace, opt));
    return ws->load(source.snapshot, ctx.catalog(), progress);
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
  ro.fs = &ctx.files();
  if (source.format) {
    return io::read_network(source.path, *source.format, ro);
  }
  return io::read_network(source.path, ro);
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
                                      std::optional<io::format> out_format) {
  const io::format f = out_format.value_or(io::output_format_for(out));
  NETVET_TRY(io::write_network(net, out, f, ctx.files()));
  return convert_outcome{net.element_count(), net.link_count(), f};
}

result<convert_outcome> convert(const context& ctx, const convert_request& request, const progress_fn& progress) {
  NETVET_ASSIGN_OR_RETURN(const auto net, load_network(ctx, request.source, progress));
  return write_network(ctx, net, request.out, request.out_format);
}

}  // namespace netvet::usecase
