/// Agreement between the products a caseworker chose and those Seula recommended, over the
/// cases whose label lists services (an empty list counts: "no product").
///
/// Per product: true positives (both), false positives (Seula only), false negatives
/// (caseworker only), with precision, recall and F1 (0 when a denominator is 0). Overall:
/// micro-averaged precision/recall/F1, the mean Jaccard index of the two sets per case (1 when
/// both are empty) and the share of cases where the sets are identical.
public struct ServiceAgreement: Sendable, Equatable {
    public struct ProductCounts: Sendable, Equatable {
        public var product: Int
        public var both = 0
        public var seulaOnly = 0
        public var caseworkerOnly = 0
        public var precision: Double { both + seulaOnly > 0 ? Double(both) / Double(both + seulaOnly) : 0 }
        public var recall: Double { both + caseworkerOnly > 0 ? Double(both) / Double(both + caseworkerOnly) : 0 }
        public var f1: Double { let p = precision, r = recall; return p + r > 0 ? 2 * p * r / (p + r) : 0 }
    }

    public private(set) var cases = 0
    public private(set) var exactMatches = 0
    public private(set) var jaccardSum = 0.0
    /// Indexed by product index; only products seen on either side are reported.
    public private(set) var products: [ProductCounts]

    public init(productCount: Int) {
        products = (0..<productCount).map { ProductCounts(product: $0) }
    }

    /// Adds one case. Both lists must be ascending and free of duplicates.
    ///
    /// Complexity: O(|labelled| + |recommended|).
    public mutating func add(labelled: [Int], recommended: [Int]) {
        cases += 1
        var i = 0, j = 0, both = 0
        while i < labelled.count || j < recommended.count {
            if j == recommended.count || (i < labelled.count && labelled[i] < recommended[j]) {
                products[labelled[i]].caseworkerOnly += 1; i += 1
            } else if i == labelled.count || recommended[j] < labelled[i] {
                products[recommended[j]].seulaOnly += 1; j += 1
            } else {
                products[labelled[i]].both += 1; both += 1; i += 1; j += 1
            }
        }
        let union = labelled.count + recommended.count - both
        jaccardSum += union == 0 ? 1 : Double(both) / Double(union)
        if union == both { exactMatches += 1 }
    }

    public var seenProducts: [ProductCounts] { products.filter { $0.both + $0.seulaOnly + $0.caseworkerOnly > 0 } }
    public var meanJaccard: Double { cases > 0 ? jaccardSum / Double(cases) : .nan }
    public var exactMatchRate: Double { cases > 0 ? Double(exactMatches) / Double(cases) : .nan }

    public var micro: ProductCounts {
        var t = ProductCounts(product: -1)
        for p in products { t.both += p.both; t.seulaOnly += p.seulaOnly; t.caseworkerOnly += p.caseworkerOnly }
        return t
    }
}
