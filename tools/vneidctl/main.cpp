// vneidctl: administers a VNeID gateway store (LMDB directory) — the account
// directory (citizen id -> legacy portal accounts), staff sessions, and
// statistics. See docs/vneidctl.md.
//
// Exit status: 0 ok, 2 usage or data error (nothing changed), 1 store error.
// Safe while nginx runs: LMDB is multi-process safe, and each command is one
// short transaction (an import is a single transaction: all or nothing).
//
// This file holds the help texts and the dispatch. The commands are in
// *_cmds.cpp (declared in commands.h); what they share is in cli.h and
// store_access.h.
#include <exception>
#include <iostream>
#include <stdexcept>
#include <string>

#include "commands.h"

namespace vneidctl {
namespace {

const char kMainHelp[] =
    "usage: vneidctl --store DIR COMMAND ...\n"
    "\n"
    "Administers a VNeID gateway store (the LMDB directory of vneid_store).\n"
    "Safe to run while nginx runs.\n"
    "\n"
    "commands:\n"
    "  accounts import FILE                   import the portal's user export (CSV)\n"
    "  accounts export [--csv]                the directory as an import file\n"
    "  accounts list [CITIZEN_ID] [--json]    linked legacy accounts and the roster\n"
    "  accounts link CITIZEN_ID USER [--name NAME] [--unit UNIT]\n"
    "  accounts unlink CITIZEN_ID USER\n"
    "  accounts disable CITIZEN_ID USER       keep the link, stop its use\n"
    "  accounts enable CITIZEN_ID USER\n"
    "  accounts requests [--json]             staff's pending link requests\n"
    "  accounts approve CITIZEN_ID USER       link the requested account\n"
    "  accounts reject CITIZEN_ID USER        drop the request\n"
    "  sessions list [--limit N] [--json]     active staff sessions\n"
    "  sessions revoke (--citizen CITIZEN_ID | --all)\n"
    "  stats [--json]                         sessions, login flows, accounts\n"
    "  report adoption [--since DATE] [--by unit|account] [--json|--csv]\n"
    "                                         who logs in with VNeID, per unit\n"
    "\n"
    "options:\n"
    "  --store DIR   the store directory (as in nginx.conf vneid_store)\n"
    "  -h, --help    this help; also after any command\n"
    "\n"
    "exit status: 0 ok, 2 usage or data error (nothing changed), 1 store error\n";

const char kAccountsHelp[] =
    "usage: vneidctl --store DIR accounts COMMAND ...\n"
    "\n"
    "  import FILE        CSV, UTF-8 (BOM allowed), header\n"
    "                     citizen_id,username,display_name,unit[,status]\n"
    "                     one row per legacy account; several rows per citizen id\n"
    "                     give several accounts. Replaces the account list of\n"
    "                     every citizen id in the file; others are untouched.\n"
    "                     A row with an EMPTY citizen_id puts the account in the\n"
    "                     roster (unlinked, added or updated): its owner claims it\n"
    "                     by self-service linking, and it is linked with that\n"
    "                     display name and unit; a roster row whose account is\n"
    "                     linked already is skipped.\n"
    "                     A disabled account still in the file stays disabled;\n"
    "                     status \"disabled\" disables, \"enabled\" never re-enables.\n"
    "                     A cell '=... (quote + one of = + - @) loses the quote.\n"
    "                     All or nothing: any bad row -> FILE:LINE: problem for\n"
    "                     each, nothing changed, exit 2.\n"
    "  export [--csv]     the whole directory on stdout in the import format,\n"
    "                     with the status column, then the roster (empty\n"
    "                     citizen_id); cells starting with = + - @ get a leading '\n"
    "                     (spreadsheets must not run them)\n"
    "  list [CITIZEN_ID] [--json]\n"
    "                     all links and then the roster, or one citizen's links\n"
    "                     (STATUS enabled/disabled; roster: CITIZEN ID -, STATUS\n"
    "                     unlinked, or disabled if it is to be linked disabled;\n"
    "                     --json: citizen_id null)\n"
    "  link CITIZEN_ID USER [--name NAME] [--unit UNIT]\n"
    "                     add one account (no duplicates; an existing disabled\n"
    "                     account stays disabled); one in the roster leaves it,\n"
    "                     with its display name, unit and disabled mark\n"
    "  unlink CITIZEN_ID USER\n"
    "                     remove one account\n"
    "  disable CITIZEN_ID USER\n"
    "                     keep the account linked but never use it (login,\n"
    "                     chooser, portal headers) until enabled again\n"
    "  enable CITIZEN_ID USER\n"
    "                     undo disable\n"
    "  requests [--json]  pending link requests: staff who asked for account\n"
    "                     USER to be linked to their citizen id (NAME as VNeID\n"
    "                     gave it, REQUESTED in local time)\n"
    "  approve CITIZEN_ID USER\n"
    "                     link the requested account (enabled, display name\n"
    "                     from VNeID; from the roster, its display name, unit\n"
    "                     and disabled mark) and drop the request; an account\n"
    "                     already linked is left as it is (a disabled one stays\n"
    "                     disabled); one linked to another citizen id: exit 2,\n"
    "                     the request stays\n"
    "  reject CITIZEN_ID USER\n"
    "                     drop the request, link nothing\n"
    "                     (approve, reject: no such request -> exit 2)\n"
    "\n"
    "Changes take effect at the next request of existing sessions (no new\n"
    "login): an unlinked or disabled active account is no longer sent, and the\n"
    "staff member chooses among the enabled ones left. To log someone out\n"
    "altogether, run `vneidctl --store DIR sessions revoke --citizen CITIZEN_ID`.\n";

const char kSessionsHelp[] =
    "usage: vneidctl --store DIR sessions COMMAND ...\n"
    "\n"
    "  list [--limit N] [--json]             active sessions (default limit 1000):\n"
    "                                        key prefix, masked citizen id, name,\n"
    "                                        level, active account, created, last\n"
    "                                        activity (UTC)\n"
    "  revoke --citizen CITIZEN_ID | --all   end sessions; takes effect on the\n"
    "                                        next request of each session\n";

const char kStatsHelp[] =
    "usage: vneidctl --store DIR stats [--json]\n"
    "\n"
    "Prints the number of sessions, pending login flows and staff with linked\n"
    "accounts.\n";

const char kReportHelp[] =
    "usage: vneidctl --store DIR report adoption [--since DATE] [--by unit|account]\n"
    "                                           [--json | --csv]\n"
    "\n"
    "The VNeID rollout: per unit, the enabled linked accounts, how many of them\n"
    "logged in with VNeID since DATE (YYYY-MM-DD, from 00:00 local time; default:\n"
    "ever), and those that have not yet. --by account: one row per account with\n"
    "its first and last VNeID login and the number of logins. Local time is the\n"
    "machine's (TZ; the deployment's is Asia/Ho_Chi_Minh).\n";

// ---------------------------------------------------------------- dispatch

int run(int argc, char** argv) {
    std::string dir;
    int i = 1;
    for (; i < argc; ++i) {
        const std::string a = argv[i];
        if (is_help(a)) throw HelpRequest{kMainHelp};
        if (a == "--store") {
            if (i + 1 >= argc) throw UsageError("--store needs a directory");
            dir = argv[++i];
        } else if (a.rfind("--store=", 0) == 0) {
            dir = a.substr(8);
        } else if (!a.empty() && a[0] == '-') {
            throw UsageError("unknown option \"" + a + "\"");
        } else {
            break;
        }
    }
    if (i >= argc) throw UsageError("missing command");
    const std::string group = argv[i++];
    Args args;
    for (; i < argc; ++i) args.items.push_back(argv[i]);

    using Handler = int (*)(StoreAccess&, Args&);
    Handler handler = nullptr;
    if (group == "accounts" || group == "sessions") {
        args.help = group == "accounts" ? kAccountsHelp : kSessionsHelp;
        if (args.done() || is_help(args.peek())) {
            if (args.done()) throw UsageError(group + " needs a command");
            throw HelpRequest{args.help};
        }
        const std::string cmd = args.next("command");
        if (group == "accounts") {
            if (cmd == "import") handler = accounts_import;
            if (cmd == "list") handler = accounts_list;
            if (cmd == "export") handler = accounts_export;
            if (cmd == "link") handler = accounts_link;
            if (cmd == "unlink") handler = accounts_unlink;
            if (cmd == "disable") handler = accounts_disable;
            if (cmd == "enable") handler = accounts_enable;
            if (cmd == "requests") handler = accounts_requests;
            if (cmd == "approve") handler = accounts_approve;
            if (cmd == "reject") handler = accounts_reject;
        } else {
            if (cmd == "list") handler = sessions_list;
            if (cmd == "revoke") handler = sessions_revoke;
        }
        if (!handler) throw UsageError("unknown " + group + " command \"" + cmd + "\"");
    } else if (group == "stats") {
        args.help = kStatsHelp;
        handler = stats;
    } else if (group == "report") {
        args.help = kReportHelp;
        if (args.done()) throw UsageError("report needs a command (adoption)");
        if (is_help(args.peek())) throw HelpRequest{args.help};
        const std::string cmd = args.next("command");
        if (cmd != "adoption") throw UsageError("unknown report \"" + cmd + "\"");
        handler = report_adoption;
    } else {
        throw UsageError("unknown command \"" + group + "\"");
    }
    args.check_help();
    if (dir.empty()) throw UsageError("--store DIR is required");
    StoreAccess sa(dir);
    return handler(sa, args);
}

}  // namespace
}  // namespace vneidctl

int main(int argc, char** argv) {
    try {
        return vneidctl::run(argc, argv);
    } catch (const vneidctl::HelpRequest& h) {
        std::cout << h.text;
        return 0;
    } catch (const vneidctl::UsageError& e) {
        std::cerr << "vneidctl: " << e.what() << "\n"
                  << "try 'vneidctl --help'\n";
        return vneidctl::kExitUsage;
    } catch (const std::invalid_argument& e) {
        std::cerr << "vneidctl: " << e.what() << "\n";
        return vneidctl::kExitUsage;
    } catch (const std::exception& e) {
        std::cerr << "vneidctl: " << e.what() << "\n";
        return vneidctl::kExitStore;
    }
}
