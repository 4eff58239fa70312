// Moved to tests/support/temp_dir.h (shared by every concern's tests); this
// forwarding header keeps older includes building until they switch.
#pragma once

#include "support/temp_dir.h"
