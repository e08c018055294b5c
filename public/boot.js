// Starts the wasm app. Kept out of index.html so the page runs under script-src 'self'.
const tag = document.querySelector("script[data-wasm]");
const { default: init } = await import(tag.dataset.js);
await init({ module_or_path: tag.dataset.wasm });
