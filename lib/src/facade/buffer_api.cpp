#include <cstdlib>

#include "vneid/vneid.h"

extern "C" void vneid_buf_free(vneid_buf_t* buf) {
    if (buf == nullptr) return;
    std::free(buf->data);
    buf->data = nullptr;
    buf->len = 0;
}
