// Embedded templates
