// The C++ types Embind knows, registered here instead of by Emscripten's
// system/lib/embind/bind.cpp.
//
// bind.cpp registers every type Embind could carry: besides the numbers,
// bool and std::string that bindings.cpp uses, emscripten::val (whose
// registration links Embind's emval JS library into the glue), std::wstring,
// std::u16string and std::u32string (which pull the UTF-16 and UTF-32 codecs
// into the JS glue), std::basic_string<unsigned char>, 64-bit integers and 17
// memory_view types, with their names as strings in the module. This file
// defines the two symbols bind.cpp's object file provides (the registering
// constructor and __getTypeName, which embind.js calls); wasm/CMakeLists.txt
// links Embind's JS libraries without libembind.a (--bind would link all of
// it). Were that object linked too, its symbols defined twice would fail the
// link, not pass silently.
//
// Kept: every 32-bit-or-smaller integer, float, double, bool and
// std::string, as bind.cpp registers them (the functions in bindings.cpp use
// int, unsigned int, unsigned long, double, bool and std::string; no val:
// everything JS hands in crosses as text). A binding using a type not
// registered here would throw an UnboundTypeError when called. Written
// against Emscripten 3.1.6.

#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

namespace {

using namespace emscripten::internal;

template <typename T>
void register_integer(const char* name) {
  _embind_register_integer(TypeID<T>::get(), name, sizeof(T), std::numeric_limits<T>::min(),
                           std::numeric_limits<T>::max());
}

}  // namespace

extern "C" {

// For Embind's error about a type never registered: with type ids that are
// not std::type_info (EMSCRIPTEN_HAS_UNBOUND_TYPE_NAMES=0) there is no name,
// so the id's address stands for it, as in bind.cpp (without snprintf).
EMSCRIPTEN_KEEPALIVE const char* __getTypeName(const void* id) {
  char text[2 + 2 * sizeof(void*) + 1] = "0x";
  auto n = reinterpret_cast<std::uintptr_t>(id);
  for (std::size_t i = 0; i < 2 * sizeof(void*); ++i) {
    text[2 + i] = "0123456789abcdef"[(n >> (4 * (2 * sizeof(void*) - 1 - i))) & 0xf];
  }
  text[sizeof text - 1] = '\0';
  return strdup(text);
}

EMSCRIPTEN_KEEPALIVE __attribute__((constructor)) void __embind_register_native_and_builtin_types() {
  _embind_register_void(TypeID<void>::get(), "void");
  _embind_register_bool(TypeID<bool>::get(), "bool", sizeof(bool), true, false);
  register_integer<char>("char");
  register_integer<signed char>("signed char");
  register_integer<unsigned char>("unsigned char");
  register_integer<short>("short");
  register_integer<unsigned short>("unsigned short");
  register_integer<int>("int");
  register_integer<unsigned int>("unsigned int");
  register_integer<long>("long");
  register_integer<unsigned long>("unsigned long");
  _embind_register_float(TypeID<float>::get(), "float", sizeof(float));
  _embind_register_float(TypeID<double>::get(), "double", sizeof(double));
  _embind_register_std_string(TypeID<std::string>::get(), "std::string");
}

}  // extern "C"
