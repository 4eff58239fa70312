// tests/store: the fault-injecting SQLite VFS (fault_vfs.h). Every call goes
// to the default VFS; only xWrite may be refused.
#include "store/fault_vfs.h"

#include <atomic>
#include <limits>
#include <mutex>

#include <sqlite3.h>

namespace netvet::testing {
namespace {

constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();

std::atomic<std::uint64_t> writes_seen{0};
std::atomic<std::uint64_t> writes_failed{0};
std::atomic<std::uint64_t> writes_allowed{kNever};

// The default VFS, found when the fault VFS is installed.
sqlite3_vfs* base_vfs = nullptr;

// A file of the fault VFS: SQLite allocates szOsFile bytes, this header and
// then the default VFS's file, which `real` points to.
struct fault_file {
  sqlite3_file base;  // first, as SQLite requires
  sqlite3_file* real;
};

sqlite3_file* real(sqlite3_file* f) { return reinterpret_cast<fault_file*>(f)->real; }
const sqlite3_io_methods& methods(sqlite3_file* f) { return *real(f)->pMethods; }

int fault_write(sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset) {
  if (writes_seen.fetch_add(1) >= writes_allowed.load()) {
    writes_failed.fetch_add(1);
    return SQLITE_IOERR_WRITE;
  }
  return methods(f).xWrite(real(f), data, amount, offset);
}

int fault_close(sqlite3_file* f) { return methods(f).xClose(real(f)); }
int fault_read(sqlite3_file* f, void* out, int amount, sqlite3_int64 offset) {
  return methods(f).xRead(real(f), out, amount, offset);
}
int fault_truncate(sqlite3_file* f, sqlite3_int64 size) { return methods(f).xTruncate(real(f), size); }
int fault_sync(sqlite3_file* f, int flags) { return methods(f).xSync(real(f), flags); }
int fault_file_size(sqlite3_file* f, sqlite3_int64* size) { return methods(f).xFileSize(real(f), size); }
int fault_lock(sqlite3_file* f, int level) { return methods(f).xLock(real(f), level); }
int fault_unlock(sqlite3_file* f, int level) { return methods(f).xUnlock(real(f), level); }
int fault_check_reserved_lock(sqlite3_file* f, int* out) { return methods(f).xCheckReservedLock(real(f), out); }
int fault_file_control(sqlite3_file* f, int op, void* arg) { return methods(f).xFileControl(real(f), op, arg); }
int fault_sector_size(sqlite3_file* f) { return methods(f).xSectorSize(real(f)); }
int fault_device_characteristics(sqlite3_file* f) { return methods(f).xDeviceCharacteristics(real(f)); }
int fault_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return methods(f).iVersion >= 2 ? methods(f).xShmMap(real(f), region, size, extend, out) : SQLITE_IOERR_SHMMAP;
}
int fault_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  return methods(f).xShmLock(real(f), offset, n, flags);
}
void fault_shm_barrier(sqlite3_file* f) { methods(f).xShmBarrier(real(f)); }
int fault_shm_unmap(sqlite3_file* f, int delete_flag) { return methods(f).xShmUnmap(real(f), delete_flag); }
int fault_fetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
  if (methods(f).iVersion < 3) {
    *out = nullptr;  // no memory map: SQLite reads instead
    return SQLITE_OK;
  }
  return methods(f).xFetch(real(f), offset, amount, out);
}
int fault_unfetch(sqlite3_file* f, sqlite3_int64 offset, void* p) {
  return methods(f).iVersion >= 3 ? methods(f).xUnfetch(real(f), offset, p) : SQLITE_OK;
}

const sqlite3_io_methods kFaultIoMethods = {
    3,
    fault_close,
    fault_read,
    fault_write,
    fault_truncate,
    fault_sync,
    fault_file_size,
    fault_lock,
    fault_unlock,
    fault_check_reserved_lock,
    fault_file_control,
    fault_sector_size,
    fault_device_characteristics,
    fault_shm_map,
    fault_shm_lock,
    fault_shm_barrier,
    fault_shm_unmap,
    fault_fetch,
    fault_unfetch,
};

int fault_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  auto* f = reinterpret_cast<fault_file*>(file);
  f->real = reinterpret_cast<sqlite3_file*>(f + 1);
  const int rc = base_vfs->xOpen(base_vfs, name, f->real, flags, out_flags);
  // SQLite calls xClose only when pMethods is set; mirror the real file.
  f->base.pMethods = f->real->pMethods != nullptr ? &kFaultIoMethods : nullptr;
  return rc;
}
int fault_delete(sqlite3_vfs*, const char* name, int sync_dir) { return base_vfs->xDelete(base_vfs, name, sync_dir); }
int fault_access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return base_vfs->xAccess(base_vfs, name, flags, out);
}
int fault_full_pathname(sqlite3_vfs*, const char* name, int n, char* out) {
  return base_vfs->xFullPathname(base_vfs, name, n, out);
}
void* fault_dl_open(sqlite3_vfs*, const char* name) { return base_vfs->xDlOpen(base_vfs, name); }
void fault_dl_error(sqlite3_vfs*, int n, char* out) { base_vfs->xDlError(base_vfs, n, out); }
void (*fault_dl_sym(sqlite3_vfs*, void* handle, const char* symbol))() {
  return base_vfs->xDlSym(base_vfs, handle, symbol);
}
void fault_dl_close(sqlite3_vfs*, void* handle) { base_vfs->xDlClose(base_vfs, handle); }
int fault_randomness(sqlite3_vfs*, int n, char* out) { return base_vfs->xRandomness(base_vfs, n, out); }
int fault_sleep(sqlite3_vfs*, int microseconds) { return base_vfs->xSleep(base_vfs, microseconds); }
int fault_current_time(sqlite3_vfs*, double* out) { return base_vfs->xCurrentTime(base_vfs, out); }
int fault_get_last_error(sqlite3_vfs*, int n, char* out) { return base_vfs->xGetLastError(base_vfs, n, out); }
int fault_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) { return base_vfs->xCurrentTimeInt64(base_vfs, out); }

sqlite3_vfs fault_vfs_object = {};

}  // namespace

bool fault_vfs::install() {
  static std::once_flag once;
  static int rc = SQLITE_ERROR;
  std::call_once(once, [] {
    base_vfs = sqlite3_vfs_find(nullptr);
    if (base_vfs == nullptr || base_vfs->iVersion < 2) {
      return;
    }
    fault_vfs_object.iVersion = 2;
    fault_vfs_object.szOsFile = static_cast<int>(sizeof(fault_file)) + base_vfs->szOsFile;
    fault_vfs_object.mxPathname = base_vfs->mxPathname;
    fault_vfs_object.zName = kName;
    fault_vfs_object.xOpen = fault_open;
    fault_vfs_object.xDelete = fault_delete;
    fault_vfs_object.xAccess = fault_access;
    fault_vfs_object.xFullPathname = fault_full_pathname;
    fault_vfs_object.xDlOpen = fault_dl_open;
    fault_vfs_object.xDlError = fault_dl_error;
    fault_vfs_object.xDlSym = fault_dl_sym;
    fault_vfs_object.xDlClose = fault_dl_close;
    fault_vfs_object.xRandomness = fault_randomness;
    fault_vfs_object.xSleep = fault_sleep;
    fault_vfs_object.xCurrentTime = fault_current_time;
    fault_vfs_object.xGetLastError = fault_get_last_error;
    fault_vfs_object.xCurrentTimeInt64 = fault_current_time_int64;
    rc = sqlite3_vfs_register(&fault_vfs_object, /*makeDflt=*/0);
  });
  return rc == SQLITE_OK;
}

void fault_vfs::fail_writes_after(std::uint64_t writes) {
  reset_counts();
  writes_allowed.store(writes);
}

void fault_vfs::disarm() { writes_allowed.store(kNever); }

std::uint64_t fault_vfs::writes() { return writes_seen.load(); }
std::uint64_t fault_vfs::failures() { return writes_failed.load(); }

void fault_vfs::reset_counts() {
  writes_seen.store(0);
  writes_failed.store(0);
}

}  // namespace netvet::testing
