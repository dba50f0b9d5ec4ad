#include "pages/stylesheet.h"

#include <string>

namespace vneid::pages {
namespace {

// Colours are chosen for WCAG AA contrast or better on their backgrounds:
// ink #1b1f24 on white 16.5:1, muted #4a5560 7.6:1 (6.8:1 on the grey page),
// white on red #b3121f 6.9:1; the blue focus ring #0b57d0 6.4:1 on white;
// white on green #1e6b34 (the "in use" badge) 6.5:1, muted on its pale green
// 6.6:1; form field borders #6b7785 4.6:1 on white; the info icon's blue
// #0b57d0 on its pale #e8f0fe 5.6:1.
// Sizes are in rem so the browser's text size setting is honoured.
constexpr std::string_view kStylesheet = R"css(
:root{color-scheme:light;--red:#b3121f;--red-dark:#8c0e18;--red-soft:#fdecee;--gold:#ffcd00;--ink:#1b1f24;--muted:#4a5560;--line:#d8dde3;--bg:#f1f3f6;--focus:#0b57d0;--ok:#1e6b34;--ok-soft:#e5f3e9}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;min-height:100vh;display:flex;flex-direction:column;background:var(--bg);color:var(--ink);font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
a{color:var(--red)}
a:hover{color:var(--red-dark)}
a:focus-visible,button:focus-visible{outline:3px solid var(--focus);outline-offset:3px;border-radius:6px}
.site-header{background:#fff;border-top:4px solid var(--red);border-bottom:1px solid var(--line)}
.site-header-inner,.site-footer-inner{max-width:36rem;margin:0 auto;padding:.85rem 1.25rem}
.site-header-inner{display:flex;align-items:center;gap:.85rem}
.emblem{width:2.75rem;height:2.75rem;flex:none}
.brand{display:flex;flex-direction:column;min-width:0;line-height:1.3}
.brand-kicker{font-size:.75rem;font-weight:700;letter-spacing:.05em;text-transform:uppercase;color:var(--red)}
.brand-name{font-size:1.0625rem;font-weight:700;overflow-wrap:anywhere}
main{flex:1;width:100%;max-width:36rem;margin:0 auto;padding:2rem 1rem}
.card{background:#fff;border:1px solid var(--line);border-radius:16px;box-shadow:0 1px 2px rgba(16,24,40,.05),0 10px 30px rgba(16,24,40,.07);padding:2rem 1.75rem}
h1{font-size:1.625rem;line-height:1.25;margin:0 0 .75rem}
h2{font-size:1.0625rem;line-height:1.35;margin:1.75rem 0 .75rem}
p{margin:0 0 1rem}
.lead{color:var(--muted);margin-bottom:0}
.status-icon{display:block;width:3.25rem;height:3.25rem;margin:0 0 1rem}
.button{display:inline-flex;align-items:center;justify-content:center;gap:.6rem;min-height:2.875rem;padding:.7rem 1.35rem;border:2px solid var(--red);border-radius:10px;background:var(--red);color:#fff;font:inherit;font-weight:600;line-height:1.3;text-align:center;text-decoration:none;cursor:pointer}
.button:hover{background:var(--red-dark);border-color:var(--red-dark);color:#fff}
.button-secondary{background:#fff;color:var(--red)}
.button-secondary:hover{background:var(--red-soft);color:var(--red-dark)}
.button-login{display:flex;width:100%;justify-content:flex-start;gap:1rem;padding:1rem 1.15rem;text-align:left;box-shadow:0 2px 6px rgba(179,18,31,.25)}
.button-login .icon{width:2.25rem;height:2.25rem;flex:none}
.button-login .chevron{width:1.25rem;height:1.25rem;flex:none;margin-left:auto}
.button-text{display:flex;flex-direction:column}
.button-title{font-size:1.0625rem;font-weight:700}
.button-sub{font-weight:500;opacity:.95}
.steps{list-style:none;counter-reset:step;margin:0;padding:0}
.steps li{counter-increment:step;position:relative;padding:.1rem 0 .1rem 2.5rem;margin:0 0 .7rem}
.steps li::before{content:counter(step);position:absolute;left:0;top:0;width:1.75rem;height:1.75rem;border-radius:50%;background:var(--red-soft);color:var(--red-dark);font-weight:700;font-size:.9rem;display:flex;align-items:center;justify-content:center}
.notice{margin:1.5rem 0 0;padding:.85rem 1rem;border-left:4px solid #a86b00;border-radius:0 8px 8px 0;background:#fff7e0;font-size:.9375rem}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.5rem}
.details{margin:1.25rem 0 0;padding:.85rem 1rem;border:1px dashed var(--line);border-radius:10px;background:#f8f9fb;font-size:.9375rem}
.details p{margin:0}
.details p+p{margin-top:.25rem;color:var(--muted)}
code{font-family:ui-monospace,"Cascadia Mono","Segoe UI Mono",Consolas,"Liberation Mono",monospace;font-size:.95em;font-weight:700;overflow-wrap:anywhere;-webkit-user-select:all;user-select:all}
.signed-in-as strong{overflow-wrap:anywhere}
.details-note{margin:.75rem 0 0;color:var(--muted);font-size:.9375rem}
.tech{margin:1rem 0 0;color:var(--muted);font-size:.9375rem}
.tech summary{width:fit-content;cursor:pointer;padding:.2rem 0;text-decoration:underline;text-underline-offset:.2em}
.tech summary:focus-visible{outline:3px solid var(--focus);outline-offset:3px;border-radius:6px}
.tech p{margin:.4rem 0 0;padding:.6rem .85rem;border:1px dashed var(--line);border-radius:10px;background:#f8f9fb;overflow-wrap:anywhere}
.accounts{list-style:none;margin:1.25rem 0 0;padding:0;display:grid;gap:.75rem}
.account{display:grid;grid-template-columns:1fr auto;gap:.15rem .75rem;width:100%;padding:.85rem 1.1rem;border:2px solid var(--line);border-radius:12px;background:#fff;color:var(--ink);font:inherit;text-align:left;cursor:pointer}
.account:hover{border-color:var(--red);background:var(--red-soft)}
.account[aria-current]{border-color:var(--ok);background:var(--ok-soft)}
.account-name{font-size:1.0625rem;font-weight:700;overflow-wrap:anywhere}
.account-unit,.account-user{grid-column:1;color:var(--muted);font-size:.9375rem;overflow-wrap:anywhere}
.account-user{font-family:ui-monospace,"Cascadia Mono","Segoe UI Mono",Consolas,"Liberation Mono",monospace}
.badge{grid-column:2;grid-row:1;align-self:start;padding:.1rem .6rem;border-radius:999px;background:var(--ok);color:#fff;font-size:.8125rem;font-weight:700;white-space:nowrap}
form{margin:0}
.link-form{margin-top:1.75rem;padding-top:1.25rem;border-top:1px solid var(--line)}
.field{margin-top:1rem}
.field label{display:block;font-weight:600;margin-bottom:.3rem}
.field input{width:100%;min-height:2.875rem;padding:.6rem .75rem;border:1px solid #6b7785;border-radius:8px;background:#fff;color:var(--ink);font:inherit}
.field input:focus-visible{outline:3px solid var(--focus);outline-offset:1px}
.alert{margin:1rem 0 0;padding:.85rem 1rem;border-left:4px solid var(--red);border-radius:0 8px 8px 0;background:var(--red-soft);font-size:.9375rem}
.site-footer{color:var(--muted);font-size:.875rem;text-align:center}
.site-footer-inner{padding-bottom:1.5rem}
@media (max-width:30rem){main{padding:1rem .75rem}.card{padding:1.5rem 1.15rem;border-radius:12px}h1{font-size:1.375rem}.actions .button{width:100%}}
@media (forced-colors:active){.button,.account{border:2px solid ButtonText}.account[aria-current]{border-width:4px}.badge{border:1px solid CanvasText}.steps li::before{border:1px solid CanvasText}}
@media print{.site-header,.site-footer,.actions{display:none}.card{box-shadow:none;border:0}}
)css";

}  // namespace

std::string_view stylesheet() { return kStylesheet; }

std::string_view style_element() {
    static const std::string element = "<style>" + std::string(kStylesheet) + "</style>";
    return element;
}

}  // namespace vneid::pages
