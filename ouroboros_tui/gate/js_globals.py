"""Names a JavaScript/TypeScript file may use without declaring them: the ECMAScript built-ins,
the browser's and node's globals, and the test frameworks' (jest, mocha, vitest, jasmine).

A name outside this list and declared nowhere in the file is reported as undefined (only when the
change adds it: the check is baseline-aware), so the list leans to inclusion.
"""

from __future__ import annotations

_ECMASCRIPT = """
globalThis Infinity NaN undefined eval isFinite isNaN parseFloat parseInt decodeURI decodeURIComponent
encodeURI encodeURIComponent escape unescape Object Function Boolean Symbol Error AggregateError EvalError
RangeError ReferenceError SyntaxError TypeError URIError Number BigInt Math Date String RegExp Array
Int8Array Uint8Array Uint8ClampedArray Int16Array Uint16Array Int32Array Uint32Array Float32Array
Float64Array BigInt64Array BigUint64Array Map Set WeakMap WeakSet WeakRef FinalizationRegistry ArrayBuffer
SharedArrayBuffer DataView Atomics JSON Promise Proxy Reflect Intl Iterator arguments structuredClone
"""
_BROWSER = """
window self document navigator location history screen console alert confirm prompt fetch Request
Response Headers FormData URL URLSearchParams Blob File FileReader WebSocket XMLHttpRequest Event
CustomEvent EventTarget AbortController AbortSignal setTimeout clearTimeout setInterval clearInterval
requestAnimationFrame cancelAnimationFrame requestIdleCallback cancelIdleCallback queueMicrotask
localStorage sessionStorage indexedDB crypto performance Worker SharedWorker ServiceWorker
MutationObserver IntersectionObserver ResizeObserver HTMLElement Element Node NodeList DocumentFragment
HTMLInputElement HTMLFormElement HTMLButtonElement HTMLDivElement HTMLCanvasElement HTMLImageElement
HTMLAnchorElement HTMLSelectElement HTMLTextAreaElement Image Audio Option KeyboardEvent MouseEvent
PointerEvent TouchEvent InputEvent FocusEvent DOMParser XMLSerializer TextEncoder TextDecoder atob btoa
getComputedStyle matchMedia open close print postMessage scrollTo scrollBy innerWidth innerHeight
devicePixelRatio customElements ShadowRoot BroadcastChannel MessageChannel MessagePort caches
Notification ReadableStream WritableStream TransformStream CompressionStream DecompressionStream
reportError origin isSecureContext CSS DOMException Range Selection getSelection SVGElement frames parent
top opener name status ImageData OffscreenCanvas createImageBitmap WebAssembly
"""
_NODE = """
global process Buffer require module exports __dirname __filename setImmediate clearImmediate
"""
_TESTS = """
describe it test expect jest vi beforeEach afterEach beforeAll afterAll before after xit xdescribe fit
fdescribe suite context
"""

GLOBALS: frozenset[str] = frozenset((_ECMASCRIPT + _BROWSER + _NODE + _TESTS).split())
