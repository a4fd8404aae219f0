/**
 * Classes that break the module rules on purpose, under a root of their own, so that the
 * architecture tests can show each rule fails when it should.
 */
package dev.runbook.archfixture;
