#include "pages/error_text.h"

#include <cstddef>
#include <iterator>

#include "pages/ui_text.h"

namespace vneid::pages {
namespace {

constexpr Localized kSignIn = ui::sign_in;
constexpr Localized kSignInAgain = ui::sign_in_again;
constexpr Localized kTryAgain = ui::try_again;
constexpr Localized kChooseAccount = ui::choose_account;

// Indexed by ErrorKind; the static_assert below keeps it in step with the enum.
constexpr ErrorText kTexts[] = {
    // bad_request
    {{"Yêu cầu không hợp lệ", "Invalid request"},
     {"Trình duyệt đã gửi một yêu cầu mà hệ thống không xử lý được. Vui lòng quay lại trang đăng nhập và thử lại.",
      "The browser sent a request the system could not process. Please go back to the sign-in page and try again."},
     kSignInAgain, false},
    // not_found
    {{"Không tìm thấy trang", "Page not found"},
     {"Địa chỉ bạn vừa mở không tồn tại. Vui lòng kiểm tra lại đường dẫn hoặc quay lại trang đăng nhập.",
      "The address you opened does not exist. Please check the link or go back to the sign-in page."},
     kSignInAgain, false},
    // method_not_allowed
    {{"Thao tác không được hỗ trợ", "Action not supported"},
     {"Trang này không hỗ trợ thao tác vừa thực hiện. Vui lòng quay lại trang đăng nhập và thử lại.",
      "This page does not support the action you just took. Please go back to the sign-in page and try again."},
     kSignInAgain, false},
    // state_invalid
    {{"Phiên đăng nhập không còn hiệu lực", "Sign-in attempt no longer valid"},
     {"Phiên đăng nhập này đã hết hạn hoặc đã được hoàn tất ở một thẻ (tab) khác của trình duyệt. Vui lòng đăng nhập lại từ đầu và chỉ dùng một thẻ.",
      "This sign-in attempt has expired or was completed in another browser tab. Please sign in again from the start, using a single tab."},
     kSignInAgain, false},
    // idp_denied
    {{"Chưa hoàn tất đăng nhập VNeID", "VNeID sign-in not completed"},
     {"Việc đăng nhập trên VNeID đã bị hủy hoặc không được chấp thuận nên bạn chưa vào được hệ thống. Nếu muốn tiếp tục, vui lòng đăng nhập lại.",
      "The sign-in at VNeID was cancelled or not approved, so you have not been signed in. To continue, please sign in again."},
     kSignInAgain, false},
    // idp_cancelled (HTTP 200: a choice the staff member made, not an error)
    {{"Bạn đã hủy đăng nhập", "Sign-in cancelled"},
     {"Bạn đã hủy việc đăng nhập trên trang VNeID nên chưa vào hệ thống. Khi sẵn sàng, hãy bấm Đăng nhập để bắt đầu lại.",
      "You cancelled the sign-in on the VNeID page, so you have not been signed in. When you are ready, press Sign in to start again."},
     kSignIn, false},
    // idp_account_locked (only the police or VNeID's support can unlock it)
    {{"Tài khoản VNeID đang bị khóa", "VNeID account locked"},
     {"VNeID cho biết tài khoản định danh điện tử của bạn đang bị khóa nên chưa đăng nhập được. Nếu tài khoản bị tạm khóa do nhập sai mật khẩu nhiều lần, vui lòng chờ một thời gian rồi đăng nhập lại. Nếu vẫn bị khóa, vui lòng liên hệ cơ quan Công an nơi cư trú hoặc bộ phận hỗ trợ của ứng dụng VNeID để được mở khóa; bộ phận công nghệ thông tin của đơn vị không mở khóa được tài khoản VNeID.",
      "VNeID reports that your electronic identification account is locked, so you could not sign in. If it was locked for a while after too many wrong passwords, please wait and then sign in again. If it stays locked, please contact the police office where you live or the VNeID app's support to have it unlocked; your unit's IT staff cannot unlock a VNeID account."},
     kSignInAgain, false},
    // idp_otp_exhausted
    {{"Đã nhập sai mã OTP quá số lần cho phép", "Too many wrong OTP codes"},
     {"Mã OTP đã bị nhập sai quá số lần cho phép nên VNeID đã hủy phiên đăng nhập này. Vui lòng chờ vài phút rồi đăng nhập lại; VNeID sẽ gửi mã OTP mới qua tin nhắn SMS, hãy nhập mã trong tin nhắn mới nhất.",
      "The OTP was entered wrongly too many times, so VNeID cancelled this sign-in. Please wait a few minutes and sign in again; VNeID will send a new OTP by SMS: enter the code from the newest message."},
     kSignInAgain, false},
    // idp_timeout
    {{"VNeID phản hồi quá chậm", "VNeID is responding too slowly"},
     {"Hệ thống VNeID không phản hồi kịp thời nên chưa hoàn tất được việc đăng nhập. Vui lòng thử lại sau ít phút.",
      "VNeID did not answer in time, so the sign-in could not be completed. Please try again in a few minutes."},
     kTryAgain, true},
    // idp_unreachable
    {{"Không kết nối được với VNeID", "Cannot reach VNeID"},
     {"Hệ thống tạm thời không kết nối được với VNeID. Vui lòng thử lại sau ít phút.",
      "The system cannot connect to VNeID at the moment. Please try again in a few minutes."},
     kTryAgain, true},
    // idp_tls
    {{"Không thiết lập được kết nối an toàn với VNeID", "No secure connection to VNeID"},
     {"Hệ thống không xác minh được kết nối an toàn tới VNeID nên đã dừng đăng nhập để bảo vệ thông tin của bạn. Vui lòng thử lại sau ít phút.",
      "The system could not verify the secure connection to VNeID and stopped the sign-in to protect your information. Please try again in a few minutes."},
     kTryAgain, true},
    // idp_error
    {{"VNeID đang gặp sự cố", "VNeID reported a problem"},
     {"Hệ thống VNeID báo lỗi khi xác nhận việc đăng nhập của bạn. Vui lòng thử lại sau ít phút.",
      "VNeID reported an error while confirming your sign-in. Please try again in a few minutes."},
     kTryAgain, true},
    // idp_bad_answer
    {{"Phản hồi từ VNeID không hợp lệ", "Unreadable answer from VNeID"},
     {"Hệ thống nhận được phản hồi không đọc được từ VNeID. Vui lòng thử lại sau ít phút.",
      "The system received an answer from VNeID that it could not read. Please try again in a few minutes."},
     kTryAgain, true},
    // code_rejected
    {{"Phiên đăng nhập đã hết hạn", "Sign-in attempt expired"},
     {"Mã xác thực từ VNeID đã hết hạn hoặc đã được dùng, thường do tải lại trang hoặc bấm nút Quay lại của trình duyệt. Vui lòng đăng nhập lại.",
      "The confirmation from VNeID has expired or was already used, usually because the page was reloaded or the browser's Back button was pressed. Please sign in again."},
     kSignInAgain, false},
    // level_too_low
    {{"Tài khoản VNeID chưa đủ mức định danh", "VNeID account level too low"},
     {"Tài khoản VNeID của bạn mới ở mức 1. Hệ thống yêu cầu tài khoản định danh điện tử mức 2. Vui lòng đến cơ quan Công an nơi cư trú hoặc nơi làm thủ tục căn cước để nâng lên mức 2, sau đó đăng nhập lại.",
      "Your VNeID account is only at level 1. This system requires a level 2 electronic identification account. Please visit your local police office or a citizen ID office to upgrade it to level 2, then sign in again."},
     kSignInAgain, false},
    // citizen_id_invalid
    {{"Không xác định được số định danh cá nhân", "Personal identification number not recognised"},
     {"VNeID không trả về số định danh cá nhân hợp lệ (12 chữ số) cho tài khoản này nên hệ thống không thể cho bạn đăng nhập.",
      "VNeID did not return a valid 12-digit personal identification number for this account, so the system cannot sign you in."},
     kSignInAgain, true},
    // identity_too_long
    {{"Thông tin tài khoản quá dài", "Account details too long"},
     {"Thông tin tài khoản của bạn (họ và tên do VNeID trả về hoặc danh sách tài khoản được liên kết) dài hơn mức hệ thống có thể lưu nên hệ thống chưa thể cho bạn đăng nhập.",
      "Your account details (the name VNeID returned, or the list of linked accounts) are longer than the system can keep, so it cannot sign you in."},
     kSignInAgain, true},
    // no_account (the same words as the dedicated page, render_no_account)
    {{"Số định danh chưa được liên kết với tài khoản nào", "ID number not linked to any account"},
     {"Số định danh cá nhân của bạn chưa được liên kết với tài khoản nào đang hoạt động trên hệ thống một cửa điện tử. Vui lòng đề nghị bộ phận công nghệ thông tin hoặc cán bộ quản trị hệ thống một cửa của đơn vị liên kết tài khoản cho bạn, sau đó đăng nhập lại.",
      "Your personal identification number is not linked to any active account in the one-stop system. Please ask your unit's IT staff or one-stop system administrator to link your account, then sign in again."},
     kSignInAgain, false},
    // account_not_linked
    {{"Không chuyển được sang tài khoản này", "Cannot switch to this account"},
     {"Tài khoản bạn chọn không được liên kết với số định danh cá nhân của bạn hoặc đã bị khóa, nên tài khoản đang dùng được giữ nguyên. Vui lòng mở lại trang chọn tài khoản và chọn một tài khoản khác.",
      "The account you chose is not linked to your personal identification number or has been disabled, so your current account was kept. Please open the account page again and choose another account."},
     kChooseAccount, false},
    // account_required
    {{"Cần chọn tài khoản làm việc", "Choose a working account"},
     {"Bạn cần chọn tài khoản làm việc trên hệ thống một cửa điện tử trước khi sử dụng chức năng này.",
      "You need to choose which one-stop account to work with before using this function."},
     kChooseAccount, false},
    // link_refused
    {{"Chưa liên kết được tài khoản", "The account was not linked"},
     {"Hệ thống một cửa không chấp nhận tên đăng nhập hoặc mật khẩu vừa nhập. Vui lòng kiểm tra lại (chú ý chữ hoa, chữ thường và bộ gõ tiếng Việt) rồi nhập lại.",
      "The one-stop system did not accept that username or password. Please check them (upper and lower case, and the Vietnamese keyboard) and enter them again."},
     kTryAgain, false},
    // link_limited
    {{"Tạm dừng liên kết tài khoản", "Account linking paused"},
     {"Đã có quá nhiều lần nhập sai tên đăng nhập hoặc mật khẩu nên việc liên kết tài khoản tạm dừng để bảo vệ tài khoản. Vui lòng chờ rồi thử lại, hoặc liên hệ cán bộ quản trị hệ thống một cửa của đơn vị.",
      "There were too many wrong usernames or passwords, so account linking is paused to protect the account. Please wait and try again, or contact your unit's one-stop system administrator."},
     kSignInAgain, false},
    // link_unavailable
    {{"Chưa kiểm tra được tài khoản một cửa", "Cannot check the one-stop account"},
     {"Hệ thống một cửa điện tử chưa phản hồi nên chưa kiểm tra được tên đăng nhập và mật khẩu. Lần thử này không bị tính là nhập sai. Vui lòng thử lại sau ít phút.",
      "The one-stop system did not answer, so the username and password could not be checked. This attempt does not count as a wrong one. Please try again in a few minutes."},
     kTryAgain, true},
    // link_expired
    {{"Phiên liên kết tài khoản đã hết hạn", "Account linking session expired"},
     {"Biểu mẫu liên kết tài khoản chỉ dùng được một lần và trong 10 phút sau khi đăng nhập VNeID. Vui lòng đăng nhập lại bằng VNeID để liên kết tài khoản.",
      "The account linking form can be used once, within 10 minutes of the VNeID sign-in. Please sign in with VNeID again to link your account."},
     kSignInAgain, false},
    // account_taken
    {{"Tài khoản đã được liên kết với người khác", "Account linked to someone else"},
     {"Tài khoản một cửa này đã được liên kết với một số định danh cá nhân khác nên không thể liên kết thêm. Nếu đây là tài khoản của bạn, vui lòng liên hệ cán bộ quản trị hệ thống một cửa của đơn vị.",
      "This one-stop account is already linked to another personal identification number, so it cannot be linked again. If it is your account, please contact your unit's one-stop system administrator."},
     kSignInAgain, false},
    // account_disabled
    {{"Tài khoản một cửa đang bị khóa", "The one-stop account is disabled"},
     {"Tài khoản này đã được liên kết với số định danh cá nhân của bạn nhưng đang bị khóa trên cổng đăng nhập. Vui lòng liên hệ cán bộ quản trị hệ thống một cửa của đơn vị để mở lại.",
      "This account is linked to your personal identification number but is disabled at the sign-in gateway. Please ask your unit's one-stop system administrator to enable it."},
     kSignInAgain, false},
    // busy
    {{"Hệ thống đang quá tải", "The system is busy"},
     {"Hiện có nhiều người đăng nhập cùng lúc nên hệ thống chưa xử lý được yêu cầu của bạn. Vui lòng thử lại sau ít phút.",
      "Many people are signing in at the same time and your request could not be handled yet. Please try again in a few minutes."},
     kTryAgain, true},
    // csrf_invalid
    {{"Biểu mẫu đã hết hạn", "Form expired"},
     {"Biểu mẫu bạn gửi đã hết hạn hoặc không hợp lệ nên thao tác chưa được thực hiện, để bảo đảm an toàn. Vui lòng tải lại trang và thực hiện lại.",
      "The form you sent has expired or is not valid, so for your safety nothing was done. Please reload the page and try again."},
     kTryAgain, false},
    // session_expired
    {{"Phiên làm việc đã hết hạn", "Session expired"},
     {"Phiên làm việc của bạn đã kết thúc do không thao tác trong một thời gian hoặc đã quá thời hạn cho phép. Vui lòng đăng nhập lại để tiếp tục.",
      "Your session has ended because of inactivity or because it reached its time limit. Please sign in again to continue."},
     kSignInAgain, false},
    // login_required
    {{"Cần đăng nhập", "Sign-in required"},
     {"Bạn cần đăng nhập bằng tài khoản VNeID để sử dụng chức năng này.",
      "You need to sign in with your VNeID account to use this function."},
     kSignInAgain, false},
    // reauth_required
    {{"Cần xác thực lại bằng VNeID", "Sign in with VNeID again"},
     {"Chức năng này yêu cầu bạn vừa xác thực bằng VNeID trong thời gian gần đây. Vui lòng đăng nhập lại bằng VNeID để tiếp tục; sau khi đăng nhập, bạn sẽ được đưa về đúng trang đang làm việc.",
      "This function requires a recent VNeID sign-in. Please sign in with VNeID again to continue; you will be brought back to the page you were working on."},
     kSignInAgain, false},
    // store_error
    {{"Hệ thống tạm thời gián đoạn", "Temporary system problem"},
     {"Hệ thống tạm thời không truy cập được dữ liệu phiên đăng nhập. Vui lòng thử lại sau ít phút.",
      "The system cannot reach its sign-in data at the moment. Please try again in a few minutes."},
     kTryAgain, true},
    // not_configured
    {{"Đăng nhập VNeID chưa được cấu hình", "VNeID sign-in is not set up"},
     {"Cổng đăng nhập VNeID của hệ thống chưa được cấu hình đầy đủ nên chưa thể đăng nhập. Vui lòng báo cho bộ phận công nghệ thông tin của đơn vị kèm mã tham chiếu.",
      "The system's VNeID sign-in is not fully set up, so signing in is not possible yet. Please tell your unit's IT staff and give them the reference code."},
     kTryAgain, false},
    // internal
    {{"Đã xảy ra lỗi", "Something went wrong"},
     {"Hệ thống gặp lỗi không mong muốn. Vui lòng thử lại sau ít phút.",
      "The system ran into an unexpected error. Please try again in a few minutes."},
     kTryAgain, true},
};
static_assert(std::size(kTexts) == kAllErrorKinds.size(), "one ErrorText per ErrorKind");

constexpr bool kinds_are_dense() {
    for (std::size_t i = 0; i < kAllErrorKinds.size(); ++i) {
        if (static_cast<std::size_t>(kAllErrorKinds[i]) != i) return false;
    }
    return true;
}
static_assert(kinds_are_dense(), "kTexts is indexed by the ErrorKind value");

}  // namespace

const ErrorText& error_text(ErrorKind kind) {
    auto index = static_cast<std::size_t>(kind);
    return index < std::size(kTexts) ? kTexts[index] : kTexts[std::size(kTexts) - 1];
}

std::string error_message(Lang lang, ErrorKind kind, bool has_reference) {
    const ErrorText& text = error_text(kind);
    std::string message(text.message.in(lang));
    if (text.suggest_support) {
        message += ' ';
        message += (has_reference ? ui::support_with_reference : ui::support_without_reference).in(lang);
    }
    return message;
}

}  // namespace vneid::pages
