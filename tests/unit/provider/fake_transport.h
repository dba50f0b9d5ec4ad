// HttpTransport that records requests and plays back scripted answers.
#pragma once

#include <deque>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "http/transport.h"

namespace vneid::provider::testing {

class FakeTransport : public http::HttpTransport {
 public:
    void answer(long status, std::string body, std::string content_type = "application/json") {
        script_.push_back(Step{http::HttpResponse{status, std::move(content_type), std::move(body)},
                               std::nullopt});
    }
    void fail(http::TransportFailure kind, std::string message = "POST http://idp/x: failed") {
        script_.push_back(Step{{}, http::TransportError(kind, message)});
    }

    http::HttpResponse send(const http::HttpRequest& request) override {
        requests.push_back(request);
        if (script_.empty()) throw std::logic_error("FakeTransport: unexpected request");
        Step step = std::move(script_.front());
        script_.pop_front();
        if (step.error) throw *step.error;
        return step.response;
    }

    std::vector<http::HttpRequest> requests;

 private:
    struct Step {
        http::HttpResponse response;
        std::optional<http::TransportError> error;
    };
    std::deque<Step> script_;
};

}  // namespace vneid::provider::testing
