// The vneidctl command handlers, one per verb; main.cpp dispatches to them.
// Each gets the open store and the arguments after its verb, and returns the
// exit status (kExitUsage when nothing was changed); it throws UsageError for
// bad arguments, and a store error (exit 1) propagates.
#pragma once

#include "cli.h"
#include "store_access.h"

namespace vneidctl {

// accounts_cmds.cpp: the account directory
int accounts_import(StoreAccess& sa, Args& args);
int accounts_list(StoreAccess& sa, Args& args);
int accounts_export(StoreAccess& sa, Args& args);
int accounts_link(StoreAccess& sa, Args& args);
int accounts_unlink(StoreAccess& sa, Args& args);
int accounts_disable(StoreAccess& sa, Args& args);
int accounts_enable(StoreAccess& sa, Args& args);

// link_request_cmds.cpp: staff's requests to link an account
int accounts_requests(StoreAccess& sa, Args& args);
int accounts_approve(StoreAccess& sa, Args& args);
int accounts_reject(StoreAccess& sa, Args& args);

// sessions_cmds.cpp: staff sessions and the store's counters
int sessions_list(StoreAccess& sa, Args& args);
int sessions_revoke(StoreAccess& sa, Args& args);
int stats(StoreAccess& sa, Args& args);

// report_cmds.cpp: the VNeID rollout
int report_adoption(StoreAccess& sa, Args& args);

}  // namespace vneidctl
