fn main() {
    leptos::mount::mount_to(audit_dashboard::mount_element(), audit_dashboard::App).forget();
}
