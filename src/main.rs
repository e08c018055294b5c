fn main() {
    leptos::mount::mount_to_body(audit_dashboard::App);
}
