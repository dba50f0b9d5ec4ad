// Fixed wording of the gateway's pages (everything except the error texts,
// which live in error_text.h). Vietnamese follows the staff procedure's own
// terms ("Tài khoản Định danh điện tử cấp bởi Bộ Công an", "Xác nhận").
#pragma once

#include "pages/localized.h"

namespace vneid::pages::ui {

// Page frame.
inline constexpr Localized brand_kicker{"Đăng nhập bằng định danh điện tử", "Electronic ID sign-in"};
inline constexpr Localized default_portal_name{"Hệ thống một cửa điện tử", "One-stop administrative system"};
inline constexpr Localized footer{
    "Xác thực qua VNeID, hệ thống định danh và xác thực điện tử của Bộ Công an.",
    "Authentication through VNeID, the electronic identification system of the Ministry of Public Security."};

// Login page.
inline constexpr Localized login_heading{"Đăng nhập hệ thống", "Sign in"};
inline constexpr Localized login_lead{
    "Dành cho cán bộ, công chức, viên chức sử dụng hệ thống.",
    "For staff of the one-stop system."};
inline constexpr Localized login_choice{"Đăng nhập bằng tài khoản VNeID", "Sign in with a VNeID account"};
inline constexpr Localized login_button_main{"Tài khoản Định danh điện tử", "Electronic identification account"};
inline constexpr Localized login_button_sub{"cấp bởi Bộ Công an", "issued by the Ministry of Public Security"};
inline constexpr Localized login_steps_heading{"Trên trang VNeID, bạn sẽ nhập", "On the VNeID page you will enter"};
inline constexpr Localized login_step_id{
    "Số định danh cá nhân gồm 12 chữ số (số trên thẻ căn cước)",
    "Your 12-digit personal identification number (the number on your citizen ID card)"};
inline constexpr Localized login_step_password{"Mật khẩu tài khoản VNeID", "Your VNeID password"};
inline constexpr Localized login_step_otp{
    "Mã OTP gửi qua tin nhắn SMS đến số điện thoại đã đăng ký, rồi bấm “Xác nhận”",
    "The one-time code (OTP) sent by SMS to your registered phone, then press “Xác nhận” (Confirm)"};
inline constexpr Localized login_notice{
    "Không cung cấp mật khẩu VNeID hoặc mã OTP cho bất kỳ ai, kể cả người tự xưng là cán bộ kỹ thuật.",
    "Never give your VNeID password or OTP to anyone, including people who say they are technical staff."};
// One sentence for templates' {{message}}: what happens after the button.
inline constexpr Localized login_message{
    "Bạn sẽ được chuyển đến trang VNeID để nhập số định danh cá nhân (12 chữ số), mật khẩu VNeID và mã OTP gửi qua tin nhắn SMS.",
    "You will be taken to VNeID to enter your 12-digit personal identification number, your VNeID password and the one-time code (OTP) sent by SMS."};

// Error page.
inline constexpr Localized reference_label{"Mã tham chiếu", "Reference code"};
inline constexpr Localized error_code_label{"Mã lỗi", "Error code"};
inline constexpr Localized support_with_reference{
    "Nếu lỗi vẫn tiếp diễn, hãy liên hệ bộ phận công nghệ thông tin của đơn vị và cung cấp mã tham chiếu.",
    "If the problem persists, contact your unit's IT staff and give them the reference code."};
inline constexpr Localized support_without_reference{
    "Nếu lỗi vẫn tiếp diễn, hãy liên hệ bộ phận công nghệ thông tin của đơn vị.",
    "If the problem persists, contact your unit's IT staff."};
inline constexpr Localized sign_in{"Đăng nhập", "Sign in"};
inline constexpr Localized sign_in_again{"Đăng nhập lại", "Sign in again"};
// The way out of a refusal that follows a VNeID sign-in: VNeID's own
// session would let a plain retry through as the same person again.
inline constexpr Localized sign_in_other_vneid{"Đăng nhập bằng tài khoản VNeID khác",
                                               "Sign in with another VNeID account"};
// The disclosure that holds the error code and the HTTP status: staff need
// the reference, IT the rest.
inline constexpr Localized technical_details{"Chi tiết kỹ thuật", "Technical details"};
// "You can try again in about N seconds / minutes." (retry_note.h)
inline constexpr Localized retry_after_before{"Bạn có thể thử lại sau khoảng ", "You can try again in about "};
inline constexpr Localized retry_after_seconds{" giây.", " seconds."};
inline constexpr Localized retry_after_minutes{" phút.", " minutes."};
inline constexpr Localized try_again{"Thử lại", "Try again"};
inline constexpr Localized choose_account{"Chọn tài khoản", "Choose an account"};

// Logged-out page.
inline constexpr Localized logged_out_heading{"Bạn đã đăng xuất", "You have signed out"};
inline constexpr Localized logged_out_message{
    "Phiên làm việc của bạn trên hệ thống đã kết thúc. Nếu dùng máy tính chung, hãy đóng trình duyệt sau khi sử dụng.",
    "Your session in the system has ended. If you are using a shared computer, close the browser when you have finished."};

// Logout confirmation page.
inline constexpr Localized logout_heading{"Đăng xuất", "Sign out"};
inline constexpr Localized logout_question{
    "Bạn có muốn đăng xuất khỏi hệ thống không?",
    "Do you want to sign out of the system?"};
inline constexpr Localized logout_signed_in_as{"Bạn đang đăng nhập với tên", "You are signed in as"};
inline constexpr Localized logout_submit{"Đăng xuất", "Sign out"};
inline constexpr Localized logout_cancel{"Quay lại", "Cancel"};

// Account chooser (GET /_vneid/accounts).
inline constexpr Localized accounts_heading{"Chọn tài khoản làm việc", "Choose your working account"};
inline constexpr Localized accounts_choose_to_continue{
    "Vui lòng chọn tài khoản làm việc để tiếp tục.",
    "Please choose the account you will work with to continue."};
inline constexpr Localized accounts_switch_lead{
    "Tài khoản đang dùng được đánh dấu. Chọn tài khoản khác để chuyển sang, không cần đăng nhập lại VNeID.",
    "Your current account is marked. Choose another account to switch to it, without signing in to VNeID again."};
inline constexpr Localized accounts_none{
    "Không có tài khoản nào đang hoạt động được liên kết với số định danh cá nhân của bạn.",
    "No active account is linked to your personal identification number."};
inline constexpr Localized account_in_use{"Đang dùng", "In use"};
inline constexpr Localized accounts_list_label{"Tài khoản của bạn", "Your accounts"};

// Not-linked page (render_no_account); title and message are the no_account error text.
inline constexpr Localized no_account_id_label{"Số định danh cá nhân", "Personal identification number"};
inline constexpr Localized no_account_support_label{"Liên hệ hỗ trợ", "Support contact"};
inline constexpr Localized no_account_give_reference{
    "Khi liên hệ, hãy cung cấp mã tham chiếu và 4 chữ số cuối của số định danh cá nhân ở trên.",
    "When you get in touch, give the reference code and the last 4 digits of the identification number above."};

// The linking form on the not-linked page (render_no_account, link_form.h).
inline constexpr Localized link_heading{"Liên kết tài khoản một cửa", "Link your one-stop account"};
inline constexpr Localized link_verify_lead{
    "Nếu bạn đã có tài khoản trên hệ thống một cửa điện tử, hãy nhập tên đăng nhập và mật khẩu của tài khoản đó để liên kết với số định danh cá nhân của bạn. Mật khẩu chỉ được gửi tới hệ thống một cửa để kiểm tra, không được lưu lại.",
    "If you already have an account in the one-stop system, enter its username and password to link it to your personal identification number. The password is only sent to the one-stop system to be checked; it is not kept."};
inline constexpr Localized link_request_lead{
    "Nhập tên đăng nhập tài khoản một cửa của bạn để gửi yêu cầu liên kết. Cán bộ quản trị hệ thống một cửa sẽ xem xét và duyệt yêu cầu.",
    "Enter the username of your one-stop account to ask for it to be linked. The one-stop system administrator will review the request."};
inline constexpr Localized link_username_label{"Tên đăng nhập hệ thống một cửa", "One-stop username"};
inline constexpr Localized link_password_label{"Mật khẩu hệ thống một cửa", "One-stop password"};
inline constexpr Localized link_submit_verify{"Liên kết tài khoản", "Link account"};
inline constexpr Localized link_submit_request{"Gửi yêu cầu liên kết", "Send link request"};
inline constexpr Localized link_wrong_password{
    "Tên đăng nhập hoặc mật khẩu không đúng.", "The username or password is not correct."};
inline constexpr Localized link_tries_left_before{"Bạn còn ", "You have "};
inline constexpr Localized link_tries_left_after{" lần thử.", " tries left."};
inline constexpr Localized link_fill_in{
    "Vui lòng nhập tên đăng nhập (và mật khẩu) của tài khoản một cửa.",
    "Please enter the username (and password) of your one-stop account."};
inline constexpr Localized link_requested_heading{"Đã gửi yêu cầu liên kết", "Link request sent"};
inline constexpr Localized link_requested_message{
    "Yêu cầu liên kết tài khoản một cửa với số định danh cá nhân của bạn đã được ghi nhận. Cán bộ quản trị hệ thống một cửa sẽ xem xét; sau khi yêu cầu được duyệt, hãy đăng nhập lại bằng VNeID.",
    "Your request to link the one-stop account to your personal identification number has been recorded. The one-stop system administrator will review it; once it is approved, sign in with VNeID again."};
inline constexpr Localized link_requested_account{"Tài khoản đề nghị liên kết", "Account requested"};

// Account switcher widget injected into the portal (render_switcher).
inline constexpr Localized switcher_current{"Tài khoản đang dùng", "Current account"};
inline constexpr Localized switcher_none{"Chưa chọn tài khoản", "No account chosen"};
inline constexpr Localized switcher_switch_to{"Chuyển sang tài khoản", "Switch to"};
inline constexpr Localized switcher_all{"Tất cả tài khoản", "All accounts"};

}  // namespace vneid::pages::ui
