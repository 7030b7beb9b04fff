extension Duration {
    /// The duration in seconds, for reports and JSON.
    public var seconds: Double {
        let (whole, atto) = components
        return Double(whole) + Double(atto) / 1e18
    }
}
