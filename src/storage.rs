//! `localStorage`, where it is available: a private window or a sandboxed iframe may refuse
//! it, and then settings simply last for the page's lifetime.

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn load(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok()?
}

pub fn save(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        // A full or refused store only costs persistence, never the page.
        let _ = storage.set_item(key, value);
    }
}

pub fn remove(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}
