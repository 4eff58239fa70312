#include "netvet/usecase/context.h"

#include <cstdlib>
#include <filesystem>

namespace netvet::usecase {

context::context(context_options options)
    : options_(std::move(options)),
      fs_(options_.fs != nullptr ? options_.fs : &local_file_system()),
      catalog_(&model::vendor_catalog::builtin()) {}

result<std::unique_ptr<context>> context::create(context_options options) {
  std::unique_ptr<context> ctx(new context(std::move(options)));  // private constructor
  if (!ctx->options_.vendors_file.empty()) {
    ctx->own_catalog_ = std::make_unique<model::vendor_catalog>(model::vendor_catalog::builtin());
    NETVET_TRY(ctx->own_catalog_->merge_file(*ctx->fs_, ctx->options_.vendors_file));
    ctx->catalog_ = ctx->own_catalog_.get();
  }
  NETVET_ASSIGN_OR_RETURN(auto k, risk::knowledge::builtin(*ctx->catalog_));
  if (!ctx->options_.profiles_file.empty()) {
    NETVET_TRY(k.merge_profiles(*ctx->fs_, ctx->options_.profiles_file, *ctx->catalog_));
  }
  if (!ctx->options_.criticality_file.empty()) {
    NETVET_TRY(k.merge_criticality(*ctx->fs_, ctx->options_.criticality_file));
  }
  ctx->knowledge_ = std::make_unique<risk::knowledge>(std::move(k));
  NETVET_ASSIGN_OR_RETURN(ctx->precedents_, policy::builtin_precedents(*ctx->catalog_));
  return ctx;
}

result<const policy::pack_library*> context::packs() const {
  std::call_once(packs_once_, [this] { packs_.emplace(policy::pack_library::load(options_.policy_dirs, *catalog_)); });
  if (!*packs_) {
    return packs_->err();
  }
  return &packs_->value();
}

date context::today() const { return options_.today ? options_.today() : today_utc(); }

std::vector<std::string> default_policy_dirs() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("NETVET_POLICY_DIR"); env != nullptr && *env != '\0') {
    dirs.emplace_back(env);
  }
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    dirs.push_back(exe.parent_path().string() + "/../share/netvet/policies");
  }
#ifdef NETVET_POLICY_SOURCE_DIR
  dirs.emplace_back(NETVET_POLICY_SOURCE_DIR);
#endif
  return dirs;
}

}  // namespace netvet::usecase
