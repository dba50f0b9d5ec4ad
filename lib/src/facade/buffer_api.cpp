#include <cstdlib>

#include "vneid/vneid.h"

extern "C" void vneid_buf_free(vneid_buf_t* buf) {
    if (buf == nullptr) return;
    if (buf->alloc == nullptr) std::free(buf->data);  // a pool frees its own
    buf->data = nullptr;
    buf->len = 0;
}
